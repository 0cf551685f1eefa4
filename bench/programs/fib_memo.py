"""Memoized Fibonacci with functools.cache, the cache cleared before every call."""
import functools
from typing import Final

DEFAULT_N: Final = 35000
MASK: Final = (1 << 61) - 1


@functools.cache
def mfib(n: int) -> int:
    if n < 2:
        return n
    return mfib(n - 1) + mfib(n - 2)


def bench(n: int) -> int:
    total = 0
    for i in range(n):
        mfib.cache_clear()
        total = (total + mfib(90) + i) & MASK
    return total
