"""Int chains on int64 first (compiler/pass/intchain.c): the fast path's results, the
tagged slow path taking over on long operands, overflow in the middle, results past
the short range, ZeroDivisionError inside a chain, a named variable rewritten by its
own chain."""


def poly(x: int, y: int) -> int:
    return x * x * 3 - y * 7 + x * y // 5 - (x - y) % 11


def rewrite(x: int, k: int) -> int:
    for _ in range(k):
        x = x * 3 + 1
        x = x // 2 - 1
    return x


def divide(a: int, b: int, c: int) -> int:
    x = a * b + c
    return x // (c - a) + x % b


def case_values_across_the_word():
    vals = [0, 5, -7, 2 ** 31, 3037000500, 2 ** 62 - 1, 2 ** 62, -2 ** 63, 2 ** 64, 3 ** 50]
    return sum(poly(a, b) for a in vals for b in vals)


def case_variable_rewritten_past_short():
    return [rewrite(v, 60) for v in (7, 2 ** 40, -2 ** 61, 2 ** 70)]


def case_zero_division_inside():
    try:
        return divide(4, 2, 4)
    except ZeroDivisionError as e:
        return str(e)
