"""Compiled by the profiler-visibility test: leaf is called from mid (a direct native
call) and from Python."""


def leaf(x: int) -> int:
    return x * 2 + 1


def mid(n: int) -> int:
    t = 0
    for i in range(n):
        t += leaf(i)
    return t


def fails(x: int) -> int:
    if x > 0:
        raise ValueError("fails")
    return x
