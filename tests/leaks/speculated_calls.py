"""Calls on untyped receivers speculated per site (issue 13): a module class's method
through its native entry, a str method's C function, the slow path by name, and
construction through an unannotated __init__; each on success and on failure."""


class Node:
    def __init__(self, v, left=None):
        self.v = v
        self.left = left

    def get(self):
        return [self.v]

    def fail(self):
        raise ValueError(self.v)

    def walk(self):
        if self.left:
            yield from self.left.walk()
        yield self.v


class Other:
    def get(self):
        return ["other"]


def get_all(items):
    return [x.get() for x in items]


def case_method_fast_and_slow():
    get_all([Node("a"), Other(), Node(["b"])])


def case_method_raises():
    n = Node("x")
    try:
        n.fail()
    except ValueError:
        pass


def case_method_missing():
    try:
        get_all([Node(1), 5])
    except AttributeError:
        pass


def case_generator_method():
    t = Node("root", Node("l", Node("ll")))
    list(t.walk())


def case_str_method():
    for s in ["  a,b ", 7]:
        try:
            s.strip().split(",")
        except AttributeError:
            pass


def case_construct():
    n = Node([1], Node((2,)))
    n.get()
