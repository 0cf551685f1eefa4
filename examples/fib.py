"""Typed numeric kernels for the pyc2c demo: `make demo` compiles this module and
times it against CPython with examples/speedup.py."""


def fib(n: int) -> int:
    """The n-th Fibonacci number, by naive recursion (a call-heavy benchmark)."""
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def inv_squares(n: int) -> float:
    """Sum of 1/(i*i) for i in 1..n; tends to pi**2/6 (a float loop)."""
    total = 0.0
    for i in range(1, n + 1):
        total += 1.0 / (i * i)
    return total


def sum_squares(n: int) -> int:
    """Sum of i*i for i in 0..n-1 (an int loop whose total outgrows 64 bits for huge n)."""
    total = 0
    for i in range(n):
        total += i * i
    return total
