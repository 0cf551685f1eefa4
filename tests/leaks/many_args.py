"""Calls and displays of many computed arguments where the k-th raises: the arguments
made before it are released through chained handlers (pass/errchain.c)."""


def g(i: int, k: int) -> list:
    if i == k:
        raise ValueError(i)
    return [i]


def big(i: int, k: int) -> int:
    if i == k:
        raise KeyError(i)
    return 2 ** 70 + i


def f(*args: object) -> int:
    return len(args)


def call(k: int) -> int:
    return f(g(0, k), g(1, k), g(2, k), g(3, k), g(4, k), g(5, k), g(6, k), g(7, k), g(8, k), g(9, k), g(10, k), g(11, k), g(12, k), g(13, k), g(14, k), g(15, k), g(16, k), g(17, k), g(18, k), g(19, k), g(20, k), g(21, k), g(22, k), g(23, k), g(24, k), g(25, k), g(26, k), g(27, k), g(28, k), g(29, k))


def display(k: int) -> int:
    return len([big(0, k), big(1, k), big(2, k), big(3, k), big(4, k), big(5, k), big(6, k), big(7, k), big(8, k), big(9, k), big(10, k), big(11, k), big(12, k), big(13, k), big(14, k), big(15, k), big(16, k), big(17, k), big(18, k), big(19, k), big(20, k), big(21, k), big(22, k), big(23, k), big(24, k), big(25, k), big(26, k), big(27, k), big(28, k), big(29, k)])


def case_call_kth_raises():
    out = []
    for k in (-1, 0, 1, 7, 29):
        try:
            out.append(call(k))
        except ValueError as e:
            out.append(str(e))
    return out


def case_display_kth_raises():
    out = []
    for k in (-1, 0, 3, 29):
        try:
            out.append(display(k))
        except KeyError as e:
            out.append(str(e))
    return out
