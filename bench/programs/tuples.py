"""Helpers that return small tuples, called in hot loops: extended Euclid
(tuple[int, int, int]) on many pairs, and an escape-time loop written on (re, im)
pairs of floats. Compiled callers get the elements unboxed (no tuple, no boxes)."""
from typing import Final, Tuple

DEFAULT_N: Final = 200000
MOD: Final = 1000000007


def quot_rem(a: int, b: int) -> Tuple[int, int]:
    return a // b, a - (a // b) * b


def ext_gcd(a: int, b: int) -> Tuple[int, int, int]:
    x0, x1, y0, y1 = 1, 0, 0, 1
    while b != 0:
        q, r = quot_rem(a, b)
        a, b = b, r
        x0, x1 = x1, x0 - q * x1
        y0, y1 = y1, y0 - q * y1
    return a, x0, y0


def square_add(re: float, im: float, cre: float, cim: float) -> Tuple[float, float]:
    return re * re - im * im + cre, 2.0 * re * im + cim


def escape(cre: float, cim: float, limit: int) -> int:
    re, im = 0.0, 0.0
    for i in range(limit):
        re, im = square_add(re, im, cre, cim)
        if re * re + im * im > 4.0:
            return i
    return limit


def bench(n: int) -> int:
    checksum = 0
    for i in range(1, n):
        g, x, y = ext_gcd(i * 7919, 104729 + i)
        checksum = (checksum * 31 + g + x * 3 + y * 5) % MOD
    for k in range(n // 20):
        checksum = (checksum + escape(-2.0 + (k % 300) / 100.0, -1.0 + (k // 300) / 100.0, 50)) % MOD
    return checksum
