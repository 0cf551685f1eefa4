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


def kw(**named: object) -> int:
    return len(named)


def gathered(k: int) -> int:   # past 32 computed arguments: gathered as made (build_unpack_call.c)
    return f(g(0, k), g(1, k), g(2, k), g(3, k), g(4, k), g(5, k), g(6, k), g(7, k), g(8, k), g(9, k), g(10, k), g(11, k), g(12, k), g(13, k), g(14, k), g(15, k), g(16, k), g(17, k), g(18, k), g(19, k), g(20, k), g(21, k), g(22, k), g(23, k), g(24, k), g(25, k), g(26, k), g(27, k), g(28, k), g(29, k), g(30, k), g(31, k), g(32, k), g(33, k), g(34, k), g(35, k), g(36, k), g(37, k), g(38, k), g(39, k)) + kw(a0=g(0, k), a1=g(1, k), a2=g(2, k), a3=g(3, k), a4=g(4, k), a5=g(5, k), a6=g(6, k), a7=g(7, k), a8=g(8, k), a9=g(9, k), a10=g(10, k), a11=g(11, k), a12=g(12, k), a13=g(13, k), a14=g(14, k), a15=g(15, k), a16=g(16, k), a17=g(17, k), a18=g(18, k), a19=g(19, k), a20=g(20, k), a21=g(21, k), a22=g(22, k), a23=g(23, k), a24=g(24, k), a25=g(25, k), a26=g(26, k), a27=g(27, k), a28=g(28, k), a29=g(29, k), a30=g(30, k), a31=g(31, k), a32=g(32, k), a33=g(33, k), a34=g(34, k), a35=g(35, k))


def case_gathered_call_kth_raises():
    out = []
    for k in (-1, 0, 1, 31, 39, 40, 75):
        try:
            out.append(gathered(k))
        except ValueError as e:
            out.append(str(e))
    return out
