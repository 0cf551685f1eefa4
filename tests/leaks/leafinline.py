"""Leaf bodies inlined into their callers (compiler/pass/leafinline.c): long ints made
and released inside the inlined ops, errors raised there (both traceback entries), the
generic call after the name was rebound."""


def mix(a: int, b: int) -> int:
    c = a * b + (a // 4)
    if c > b:
        return c - b
    return c + 1


def inv(x: int) -> float:
    return 1.0 / x


def mixes(xs: list[int]) -> int:
    t = 0
    for a in xs:
        for b in xs:
            t ^= mix(a, b)
    return t


def invs(xs: list[int]) -> float:
    s = 0.0
    for x in xs:
        s += inv(x)
    return s


def case_long_ints_through_the_body():
    return mixes([3, 2 ** 61, -2 ** 63, 2 ** 64 + 7, 3 ** 50])


def case_errors_inside_the_body():
    try:
        return invs([1, 2, 0])
    except ZeroDivisionError as e:
        return str(e)


def case_overflow_inside_the_body():
    try:
        return invs([1, 2 ** 2000])
    except OverflowError as e:
        return str(e)
