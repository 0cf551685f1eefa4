"""Naive doubly recursive Fibonacci: int arithmetic and call overhead."""
from typing import Final

DEFAULT_N: Final = 34


def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def bench(n: int) -> int:
    return fib(n)
