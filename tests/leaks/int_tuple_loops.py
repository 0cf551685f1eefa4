"""Loops over tuples of ints run a copy of the body with the names unboxed
(sema/speculate.c): big ints held unboxed, the generic body for other items, errors
raised in the copy."""
import itertools


def sums(items):
    t = 0
    for a, b, c in items:
        t += a * b - c
    return t


def case_small_ints():
    return sums(itertools.combinations(range(12), 3))


def case_big_ints():
    return sums([(2**70, 3, 2**65), (5, 2**80, 1), (1, 2, 3)])


def case_mixed_items():
    return sums([(1.5, 2, 3), (1, 2, 3), ("a", 2, "")])


def case_raises_in_copy():
    out = 0
    try:
        for a, b in [(2**90, 1), (4, 0)]:
            out += a // b
    except ZeroDivisionError:
        pass
    return out
