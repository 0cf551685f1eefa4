"""Memoized recursion: lattice paths and Fibonacci with functools.lru_cache."""
from functools import lru_cache

DEFAULT_N = 300


@lru_cache(maxsize=None)
def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@lru_cache(maxsize=None)
def paths(r: int, c: int) -> int:
    if r == 0 or c == 0:
        return 1
    return paths(r - 1, c) + paths(r, c - 1)


def main(n=DEFAULT_N):
    total = 0
    for rep in range(20):
        fib.cache_clear()
        paths.cache_clear()
        total += fib(n) % 1000003
        for k in range(n // 10):
            total += paths(k, n // 10 - k) % 1000003
    return total
