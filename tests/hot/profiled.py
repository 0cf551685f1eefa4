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


def evens(n: int):
    for i in range(n):
        if i % 2 == 0:
            yield i


def sum_evens(n: int) -> int:
    t = 0
    for x in evens(n):
        t += x
    return t


def walk(n: int):
    if n > 0:
        yield from walk(n - 1)
        yield n
