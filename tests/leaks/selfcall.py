"""Recursion through selfcall.c's copies and chaindepth.c's register-counted chains:
ints crossing the short range on the way down and up (long results released on error
paths), errors raised deep inside, RecursionError at the limit."""


def walk(n: int, steps: int) -> int:
    if steps == 0:
        return n
    return walk(n + 1, steps - 1) + 1


def power(b: int, e: int) -> int:
    return 1 if e == 0 else b * power(b, e - 1)


def boom(n: int, d: int) -> int:
    if n == 0:
        return 2 ** 70 // d
    return boom(n - 1, d) + 2 ** 65


def down(n: int) -> int:
    return 0 if n == 0 else 1 + down(n - 1)


def case_crossing_the_short_range():
    return [walk(2 ** 62 - 5, 10), walk(-2 ** 62 - 5, 10), power(3, 70), power(-2, 63)]


def case_errors_deep_inside():
    out = []
    for d in (0, 1, 3):
        try:
            out.append(boom(20, d))
        except ZeroDivisionError as e:
            out.append(str(e))
    return out


def case_recursion_limit():
    try:
        return down(10 ** 6)
    except RecursionError as e:
        return str(e)[:32]

