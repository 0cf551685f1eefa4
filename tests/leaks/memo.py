"""Native memo objects (functools.cache / lru_cache): hits, misses, eviction, clears,
errors and rebinding must release every key and result they held."""

import functools
import sys
from functools import lru_cache


@functools.cache
def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@lru_cache(maxsize=8)
def square(x: int) -> int:
    return x * x


@functools.lru_cache(maxsize=4, typed=True)
def pair(a, b=0):
    return [a, b]


@functools.cache
def fails(x: int) -> int:
    if x % 2:
        raise ValueError("odd " + str(x))
    return x


@functools.lru_cache(maxsize=0)
def uncached(x):
    return (x, x)


def case_fib_cleared():
    fib.cache_clear()
    return fib(120), fib.cache_info()


def case_bounded_eviction():
    square.cache_clear()
    t = 0
    for i in range(100):
        t += square(i % 13) + square(2 ** 70 + i % 3)
    return t, square.cache_info()


def case_python_path_keys():
    pair.cache_clear()
    out = []
    for i in range(20):
        out.append(pair(i % 5, b=i % 2))
        out.append(pair(float(i % 3)))
        out.append(pair("k" + str(i % 4), b=(i, "t")))
    return out[-3:], pair.cache_info()


def case_errors_not_cached():
    fails.cache_clear()
    caught = 0
    for i in range(30):
        try:
            fails(i % 6)
        except ValueError:
            caught += 1
    return caught, fails.cache_info()


def case_unhashable():
    errs = 0
    for i in range(10):
        try:
            pair([i])
        except TypeError:
            errs += 1
    return errs, uncached([1]), uncached.cache_info().currsize


def case_big_results_and_clear():
    fib.cache_clear()
    a = fib(300)
    fib.cache_clear()
    b = fib(299)
    return a - b, fib.cache_info().currsize


def use_square(x: int) -> int:
    return square(x)


def case_rebinding():
    mod = sys.modules[__name__]
    saved = mod.square
    mod.square = functools.cache(lambda x: -x)
    r = use_square(3)
    mod.square = saved
    return r, use_square(3)


def case_new_memo_objects():
    out = []
    for i in range(5):
        g = functools.lru_cache(maxsize=2)(square.__wrapped__)
        out.append(g(i) + g(i) + g(i + 1) + g(i + 2))
    return out


@functools.lru_cache(maxsize=None)
def paths(r: int, c: int) -> int:
    if r == 0 or c == 0:
        return 1
    return paths(r - 1, c) + paths(r, c - 1)


@functools.lru_cache(maxsize=4)
def big3(a: int, b: int, c: int) -> int:
    return a * b * c * 2 ** 70


def case_int_pair_keys():
    paths.cache_clear()
    a = paths(12, 12)
    p = paths
    b = p(12.0, 12) + p(True, 3)   # a Python-style call with equal tuples: the same entries
    return a + b, paths.cache_info().currsize


def use_big3(n: int) -> int:
    t = 0
    for i in range(n):
        t += big3(i % 6, 2, 3) % 1000
    return t


def case_int_triple_eviction():
    big3.cache_clear()
    return use_big3(40), big3.cache_info()
