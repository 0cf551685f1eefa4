"""Lists, dicts, sets, tuples built and indexed; comprehensions; genexp consumers."""
from typing import List


def case_list_append() -> int:
    xs = []
    for i in range(100):
        xs.append(i * i)
    xs[3] = xs[4] + xs[-1]
    return xs[3] + len(xs) + xs.pop()


def case_dict_loop() -> int:
    d = {}
    for i in range(60):
        d[str(i)] = i
    total = 0
    for k in d:
        total += d[k]
    return total + len(d)


def case_sets_tuples():
    s = set()
    t = ()
    for i in range(40):
        s.add(i % 7)
        t = t + (i,)
    pairs = {(a, b) for a in range(5) for b in range(a)}
    fs = frozenset(s) | {99}
    return len(s), t[-3:], sorted(pairs)[:3], 99 in fs, t[1:4]


def case_comprehensions():
    xs = [i * 2 for i in range(50) if i % 3]
    d = {str(x): [x, x + 1] for x in xs}
    s = {x % 11 for x in xs}
    nested = [[j for j in range(i)] for i in range(6)]
    return len(xs), sorted(d)[:2], sorted(s), nested[-1]


def case_genexp_consumers():
    xs = list(range(60))
    a = any(x > 50 for x in xs)
    b = all(x >= 0 for x in xs)
    c = any(x > 1000 for x in xs)
    d = all(x < 10 for x in xs)
    e = list(str(x) for x in xs if x % 7 == 0)
    f = tuple(x * x for x in xs[:5])
    g = sorted((-x for x in xs[:10]))
    h = ",".join(str(x) for x in xs[:8])
    return a, b, c, d, e, f, g, h


def case_genexp_errors():
    # the generator's error propagates out of any(); its iterator must be released
    xs = [1, 2, 0, 4]
    try:
        return any(10 // x > 100 for x in xs)
    except ZeroDivisionError:
        return "zero"


def case_nested_containers():
    grid = [[(r, c) for c in range(8)] for r in range(8)]
    index = {}
    for row in grid:
        for cell in row:
            index.setdefault(cell[0] + cell[1], []).append(cell)
    return len(index), index[7][:2], grid[3][4]


def case_list_methods():
    xs = list(range(30))
    xs.reverse()
    xs.sort(key=str)
    xs.extend([100, 200])
    xs.insert(0, -1)
    xs.remove(200)
    return xs[:6], xs.index(100), xs.count(0)


class _Str(str):
    pass


class _Dict(dict):
    pass


def case_extend_iterables() -> int:
    xs: list = list(range(10))
    xs.extend(range(3))
    xs.extend(x * 2 for x in range(4))
    xs.extend(xs)
    xs.extend((7, 8))
    return len(xs) + xs[-1]


def case_subclass_methods():
    # methods the runtime calls by name on subclasses (runtime/named_calls.c)
    s: str = _Str("a,b,c")
    d: dict = _Dict(a=1, b=2)
    total = 0
    for k, v in d.items():
        total += v
    return s.split(",", 1), s.rfind("b"), s.startswith(("x", "a")), s.isdigit(), s.upper(), total


def case_pop_insert_big():
    xs: list = [1, 2, 3]
    try:
        xs.insert(2**70, 9)
    except OverflowError as e:
        return str(e), xs.pop(), xs.pop(0)


class _Money:
    def __init__(self, c: int) -> None:
        self.c = c

    def __radd__(self, o: int) -> int:
        return o + self.c


def case_sum_list_handoff():
    ints = [i * 1000003 for i in range(300)]
    mixed = ints + [2 ** 63, _Money(3), 0.5, 7]
    words = (2 ** 62, 2 ** 62, 2 ** 62)
    try:
        sum([1, "a"])
    except TypeError:
        pass
    return sum(ints), sum(mixed), sum(words), sum([]), sum(())


def _int_vectors(xs: list[int], d: list[int]) -> int:
    v = [x * 3 for x in xs]            # pass/intvec.c: an int vector
    w = [a - b for a, b in zip(v, xs)]
    q = [100 // y for y in d]          # ZeroDivisionError partway when d holds 0
    return sum(v) + sum(w) + len(q) + sum(q)


def case_int_vectors():
    big = [2 ** 62, -2 ** 63, 2 ** 64, 5, -7] * 20
    r = _int_vectors(big, [1, 2, 3])
    try:
        _int_vectors(big, [1, 0, 3])
    except ZeroDivisionError:
        pass
    return r


_real_sum = sum


def _take(l):
    l.append(2 ** 70)
    return _real_sum(l)


def case_int_vector_made_a_list():
    # a rebound sum gets the vector as a list (runtime/int_vec.c list mode)
    global sum
    sum = _take
    try:
        return _int_vectors([2 ** 63, 1, 2], [1])
    finally:
        del sum


def _walk(xs: list[int]) -> int:
    t = 0
    for x in xs:                       # pass/itemunbox.c: each item read as an int in place
        t += x
    return t


def _not_ints():
    return [1, "x"]


def case_items_read_in_place():
    big = [2 ** 62, -2 ** 63, 2 ** 64, 5] * 25
    try:
        _walk(_not_ints())
    except TypeError:
        pass
    return _walk(big)


def _bool_marks(n: int) -> List[bool]:
    xs = [True] * n
    for k in range(0, n, 3):
        xs[k] = False
    return xs


def case_bool_vectors() -> int:
    flags = _bool_marks(50)
    c = 0
    for k in range(len(flags)):
        if flags[k]:
            c += 1
    kept = _bool_marks(7)
    try:
        kept[99] = True
    except IndexError:
        c += 1
    return c + len(kept)


def _tri(n: int, k: int) -> int:
    return 0 if n <= 0 else k + _tri(n - 1, k)


def case_tail_accumulator() -> int:
    return _tri(40, 3) + _tri(8, 2**60) + _tri(3, 2**62)
