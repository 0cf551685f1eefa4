"""Split returns (compiler/ir/build_split.c): tuples of unboxed ints, floats and bools
returned element by element, big ints among them, the same register returned twice,
errors after some elements are computed, rebound names and the tuple made for Python."""
import sys
from typing import List, Tuple


def dm(a: int, b: int) -> Tuple[int, int]:
    return a // b, a % b


def twice(x: int) -> tuple[int, int]:
    return x, x


def mixed(x: int) -> tuple[int, float, bool]:
    return x << 70, x / 3, x > 2


def fails_late(x: int) -> tuple[int, int]:
    big = x << 80
    return big, 10 // (x - 5)


def fib_pair(n: int) -> tuple[int, int]:
    if n == 0:
        return 0, 1
    a, b = fib_pair(n - 1)
    return b, a + b


def case_unpacked() -> int:
    s = 0
    for i in range(1, 30):
        q, r = dm(1 << 90, i)
        a, b = twice(q)
        big, third, flag = mixed(i)
        s += (a - b) + r + (big >> 70) + int(third) + flag
    x, y = fib_pair(120)
    return s + (y - x) % 1000


def case_errors() -> int:
    n = 0
    for i in range(8):
        try:
            a, b = fails_late(5 if i % 2 else i)
            n += b
        except ZeroDivisionError:
            n += 100
    return n


def case_values() -> int:
    ts: List[Tuple[int, int]] = [dm(1 << 80, i) for i in range(1, 10)]
    t = twice(1 << 75)
    return len(ts) + len(t) + len(repr(mixed(4)))


def pair(a: int, b: int) -> tuple[int, int]:
    return a, b


def case_rebound() -> int:
    mod = sys.modules[__name__]
    saved = mod.pair
    try:
        mod.pair = lambda a, b: (a, b << 70)
        q, r = pair(1, 2)
        return (r >> 70) + q
    finally:
        mod.pair = saved
