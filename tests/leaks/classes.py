"""Classes defined natively: methods, properties, class bodies; imports in functions."""


class Point:
    dims = 2
    names = ["x", "y"]
    for n in names:
        dims += len(n) - 1
    del n

    def __init__(self, x, y):
        self.x = x
        self.y = y

    @property
    def norm2(self):
        return self.x * self.x + self.y * self.y

    def scaled(self, k):
        return Point(self.x * k, self.y * k)

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    __hash__ = None


class Point3(Point):
    dims = 3

    def __init__(self, x, y, z=0):
        Point.__init__(self, x, y)
        self.z = z

    @property
    def norm2(self):
        return Point.norm2.fget(self) + self.z * self.z


def case_methods_properties():
    total = 0
    for i in range(30):
        p = Point(i, i + 1).scaled(2)
        q = Point3(i, 1, 2)
        total += p.norm2 + q.norm2 + p.dims + q.dims
        total += p == Point(2 * i, 2 * i + 2)
    return total, repr(p)


def case_class_namespace():
    return Point.names, Point.dims, Point3.dims, Point3.__mro__[1].__name__


def case_dynamic_class():
    made = []
    for i in range(10):
        T = type("T%d" % i, (Point,), {"dims": i})
        made.append(T(i, i).norm2 + T.dims)
    return made


def case_local_imports():
    import math
    from collections import OrderedDict, deque
    import os.path as osp
    d = OrderedDict()
    q = deque(maxlen=3)
    for i in range(20):
        d[i] = math.sqrt(i)
        q.append(osp.join("a", str(i)))
    return len(d), list(q)


def case_import_error():
    try:
        from math import no_such_name
    except ImportError as e:
        return e.name


def helper(x: int) -> int:
    return x + 1


def other(x: int) -> int:
    return x * 10


def calls_helper(n: int) -> int:
    total = 0
    for i in range(n):
        total += helper(i)
    return total


def case_direct_calls() -> int:
    return calls_helper(50)


def case_rebound_calls():
    # rebinds helper through the module object, as `m.helper = ...` does
    import sys
    mod = sys.modules[__name__]
    saved = mod.helper
    mod.helper = other
    try:
        a = calls_helper(20)
    finally:
        mod.helper = saved
    return a, calls_helper(20)


def list_of(x):
    return [x]


def case_rebound_wrong_type():
    import sys
    mod = sys.modules[__name__]
    saved = mod.helper
    mod.helper = list_of
    try:
        return calls_helper(3)
    except TypeError as e:
        # compiled code checks the declared return type: the message differs on purpose
        return type(e).__name__
    finally:
        mod.helper = saved
