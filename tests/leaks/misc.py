"""Module globals, while loops, decorators, slices, chained comparisons, recursion on objects."""

import math

counter = 0
registry = {}


def bump(n):
    global counter
    counter = counter + n
    return counter


def case_globals():
    global registry
    saved = registry
    for i in range(20):
        registry = {"i": [i]}
        bump(1)
    out = registry
    registry = saved
    return out


class Shape:
    count = 0

    @staticmethod
    def area_of(w, h):
        return w * h

    @classmethod
    def make(cls, w):
        return cls(w)

    def __init__(self, w):
        self.w = [w]


def case_decorated_methods():
    total = 0
    for i in range(20):
        s = Shape.make(i)
        total += Shape.area_of(i, 2) + s.area_of(1, 1) + len(s.w)
    return total


def case_while_loops():
    i = 0
    out = []
    while True:
        i += 1
        if i % 3 == 0:
            continue
        out.append([i])
        if i > 30:
            break
    while out and len(out) > 10:
        out.pop()
    else:
        out.append("else")
    return out


def case_slices():
    xs = list(range(30))
    s = "abcdefghij" * 3
    out = []
    for i in range(10):
        out.append(xs[i:i + 5:2])
        out.append(s[::-1][i:])
        xs[i:i + 2] = [[i], [i]]
        del xs[i + 5:i + 6]
    b = "bytes".encode() * 4
    return out[-2:], xs[:12], b[3:9], len(xs)


def case_compare_and_bool_ops():
    out = []
    vals = [0, 1, [], [1], "", "x", None, 2.5]
    for a in vals:
        for b in vals:
            out.append((a or b, a and b, not a, a is b, a == b))
    n = 0
    for i in range(50):
        if 10 < i <= 40 != i % 7 and i in range(0, 100, 3):
            n += 1
    return len(out), out[17], n


def build_tree(depth):
    if depth == 0:
        return []
    return [build_tree(depth - 1), {"d": depth}, build_tree(depth - 1)]


def tree_size(t):
    if not t:
        return 1
    return 1 + tree_size(t[0]) + tree_size(t[2])


def case_object_recursion():
    return tree_size(build_tree(6))


def find(t, depth):
    if depth == 0:
        raise LookupError(depth)
    return find(t, depth - 1)


def case_recursion_raises():
    try:
        find([1], 8)
    except LookupError as e:
        return e.args


def case_math_shims():
    total = 0.0
    for i in range(1, 40):
        total += math.sqrt(i) + math.floor(i / 3) + math.gcd(i, 12) + math.log(i)
    try:
        math.sqrt(-1.0)
    except ValueError as e:
        return round(total, 6), str(e)


def case_defaults(a=[], b={"k": 1}, c=(1, 2)):
    return len(a) + len(b) + len(c)


def case_str_methods_big():
    words = ("alpha beta gamma delta " * 10).split()
    out = {}
    for w in words:
        out[w] = out.get(w, 0) + 1
    text = " ".join(sorted(out)).upper().center(40, "*")
    return text, "%s-%d-%r" % (words[0], len(words), words[-1]), text.find("BETA"), text.encode()[:5]
