"""Functions of many locals, each made by a call that can fail, raising at the k-th:
the values made before it are released by the handlers' shared release chains
(pass/refcount.c release_chains), the frame-held ones at the exit."""


def big(i: int, k: int) -> int:
    if i == k:
        raise KeyError(i)
    return 2 ** 70 + i


def word(i: int, k: int) -> str:
    if i == k:
        raise IndexError(i)
    return "w" + str(i) * 3


def box(i: int, k: int) -> list:
    if i == k:
        raise ValueError(i)
    return [i, str(i)]


def ints(k: int) -> int:
    x0 = big(0, k)
    x1 = big(1, k)
    x2 = big(2, k)
    x3 = big(3, k)
    x4 = big(4, k)
    x5 = big(5, k)
    x6 = big(6, k)
    x7 = big(7, k)
    x8 = big(8, k)
    x9 = big(9, k)
    x10 = big(10, k)
    x11 = big(11, k)
    x12 = big(12, k)
    x13 = big(13, k)
    x14 = big(14, k)
    x15 = big(15, k)
    x16 = big(16, k)
    x17 = big(17, k)
    x18 = big(18, k)
    x19 = big(19, k)
    x20 = big(20, k)
    x21 = big(21, k)
    x22 = big(22, k)
    x23 = big(23, k)
    x24 = big(24, k)
    x25 = big(25, k)
    x26 = big(26, k)
    x27 = big(27, k)
    x28 = big(28, k)
    x29 = big(29, k)
    x30 = big(30, k)
    x31 = big(31, k)
    x32 = big(32, k)
    x33 = big(33, k)
    x34 = big(34, k)
    x35 = big(35, k)
    x36 = big(36, k)
    x37 = big(37, k)
    x38 = big(38, k)
    x39 = big(39, k)
    s = 0
    s += x0 + big(0 + 100, k)
    s += x1 + big(1 + 100, k)
    s += x2 + big(2 + 100, k)
    s += x3 + big(3 + 100, k)
    s += x4 + big(4 + 100, k)
    s += x5 + big(5 + 100, k)
    s += x6 + big(6 + 100, k)
    s += x7 + big(7 + 100, k)
    s += x8 + big(8 + 100, k)
    s += x9 + big(9 + 100, k)
    s += x10 + big(10 + 100, k)
    s += x11 + big(11 + 100, k)
    s += x12 + big(12 + 100, k)
    s += x13 + big(13 + 100, k)
    s += x14 + big(14 + 100, k)
    s += x15 + big(15 + 100, k)
    s += x16 + big(16 + 100, k)
    s += x17 + big(17 + 100, k)
    s += x18 + big(18 + 100, k)
    s += x19 + big(19 + 100, k)
    s += x20 + big(20 + 100, k)
    s += x21 + big(21 + 100, k)
    s += x22 + big(22 + 100, k)
    s += x23 + big(23 + 100, k)
    s += x24 + big(24 + 100, k)
    s += x25 + big(25 + 100, k)
    s += x26 + big(26 + 100, k)
    s += x27 + big(27 + 100, k)
    s += x28 + big(28 + 100, k)
    s += x29 + big(29 + 100, k)
    s += x30 + big(30 + 100, k)
    s += x31 + big(31 + 100, k)
    s += x32 + big(32 + 100, k)
    s += x33 + big(33 + 100, k)
    s += x34 + big(34 + 100, k)
    s += x35 + big(35 + 100, k)
    s += x36 + big(36 + 100, k)
    s += x37 + big(37 + 100, k)
    s += x38 + big(38 + 100, k)
    s += x39 + big(39 + 100, k)
    return s % 1000003


def strs(k: int) -> int:
    w0 = word(0, k)
    w1 = word(1, k)
    w2 = word(2, k)
    w3 = word(3, k)
    w4 = word(4, k)
    w5 = word(5, k)
    w6 = word(6, k)
    w7 = word(7, k)
    w8 = word(8, k)
    w9 = word(9, k)
    w10 = word(10, k)
    w11 = word(11, k)
    w12 = word(12, k)
    w13 = word(13, k)
    w14 = word(14, k)
    w15 = word(15, k)
    w16 = word(16, k)
    w17 = word(17, k)
    w18 = word(18, k)
    w19 = word(19, k)
    w20 = word(20, k)
    w21 = word(21, k)
    w22 = word(22, k)
    w23 = word(23, k)
    w24 = word(24, k)
    w25 = word(25, k)
    w26 = word(26, k)
    w27 = word(27, k)
    w28 = word(28, k)
    w29 = word(29, k)
    w30 = word(30, k)
    w31 = word(31, k)
    w32 = word(32, k)
    w33 = word(33, k)
    w34 = word(34, k)
    w35 = word(35, k)
    w36 = word(36, k)
    w37 = word(37, k)
    w38 = word(38, k)
    w39 = word(39, k)
    s = ''
    s += w0
    s += w1
    s += w2
    s += w3
    s += w4
    s += w5
    s += w6
    s += w7
    s += w8
    s += w9
    s += w10
    s += w11
    s += w12
    s += w13
    s += w14
    s += w15
    s += w16
    s += w17
    s += w18
    s += w19
    s += w20
    s += w21
    s += w22
    s += w23
    s += w24
    s += w25
    s += w26
    s += w27
    s += w28
    s += w29
    s += w30
    s += w31
    s += w32
    s += w33
    s += w34
    s += w35
    s += w36
    s += w37
    s += w38
    s += w39
    return len(s)


def boxes(k: int) -> int:
    b0 = box(0, k)
    b1 = box(1, k)
    b2 = box(2, k)
    b3 = box(3, k)
    b4 = box(4, k)
    b5 = box(5, k)
    b6 = box(6, k)
    b7 = box(7, k)
    b8 = box(8, k)
    b9 = box(9, k)
    b10 = box(10, k)
    b11 = box(11, k)
    b12 = box(12, k)
    b13 = box(13, k)
    b14 = box(14, k)
    b15 = box(15, k)
    b16 = box(16, k)
    b17 = box(17, k)
    b18 = box(18, k)
    b19 = box(19, k)
    b20 = box(20, k)
    b21 = box(21, k)
    b22 = box(22, k)
    b23 = box(23, k)
    b24 = box(24, k)
    b25 = box(25, k)
    b26 = box(26, k)
    b27 = box(27, k)
    b28 = box(28, k)
    b29 = box(29, k)
    b30 = box(30, k)
    b31 = box(31, k)
    b32 = box(32, k)
    b33 = box(33, k)
    b34 = box(34, k)
    b35 = box(35, k)
    b36 = box(36, k)
    b37 = box(37, k)
    b38 = box(38, k)
    b39 = box(39, k)
    return len(b0) + len(b39)


def mixed_caught(k: int) -> int:
    try:
        x0 = big(0, k)
        b0 = box(0 + 50, k)
        x1 = big(1, k)
        b1 = box(1 + 50, k)
        x2 = big(2, k)
        b2 = box(2 + 50, k)
        x3 = big(3, k)
        b3 = box(3 + 50, k)
        x4 = big(4, k)
        b4 = box(4 + 50, k)
        x5 = big(5, k)
        b5 = box(5 + 50, k)
        x6 = big(6, k)
        b6 = box(6 + 50, k)
        x7 = big(7, k)
        b7 = box(7 + 50, k)
        x8 = big(8, k)
        b8 = box(8 + 50, k)
        x9 = big(9, k)
        b9 = box(9 + 50, k)
        x10 = big(10, k)
        b10 = box(10 + 50, k)
        x11 = big(11, k)
        b11 = box(11 + 50, k)
        x12 = big(12, k)
        b12 = box(12 + 50, k)
        x13 = big(13, k)
        b13 = box(13 + 50, k)
        x14 = big(14, k)
        b14 = box(14 + 50, k)
        x15 = big(15, k)
        b15 = box(15 + 50, k)
        x16 = big(16, k)
        b16 = box(16 + 50, k)
        x17 = big(17, k)
        b17 = box(17 + 50, k)
        x18 = big(18, k)
        b18 = box(18 + 50, k)
        x19 = big(19, k)
        b19 = box(19 + 50, k)
        x20 = big(20, k)
        b20 = box(20 + 50, k)
        x21 = big(21, k)
        b21 = box(21 + 50, k)
        x22 = big(22, k)
        b22 = box(22 + 50, k)
        x23 = big(23, k)
        b23 = box(23 + 50, k)
        x24 = big(24, k)
        b24 = box(24 + 50, k)
        x25 = big(25, k)
        b25 = box(25 + 50, k)
        x26 = big(26, k)
        b26 = box(26 + 50, k)
        x27 = big(27, k)
        b27 = box(27 + 50, k)
        x28 = big(28, k)
        b28 = box(28 + 50, k)
        x29 = big(29, k)
        b29 = box(29 + 50, k)
        x30 = big(30, k)
        b30 = box(30 + 50, k)
        x31 = big(31, k)
        b31 = box(31 + 50, k)
        x32 = big(32, k)
        b32 = box(32 + 50, k)
        x33 = big(33, k)
        b33 = box(33 + 50, k)
        x34 = big(34, k)
        b34 = box(34 + 50, k)
        x35 = big(35, k)
        b35 = box(35 + 50, k)
        x36 = big(36, k)
        b36 = box(36 + 50, k)
        x37 = big(37, k)
        b37 = box(37 + 50, k)
        x38 = big(38, k)
        b38 = box(38 + 50, k)
        x39 = big(39, k)
        b39 = box(39 + 50, k)
        return (x0 + x39) % 97 + len(b0)
    except (KeyError, ValueError):
        return -1


def gen(k: int):
    x0 = big(0, k)
    w0 = word(0 + 50, k)
    yield x0 % 7
    x1 = big(1, k)
    w1 = word(1 + 50, k)
    x2 = big(2, k)
    w2 = word(2 + 50, k)
    x3 = big(3, k)
    w3 = word(3 + 50, k)
    x4 = big(4, k)
    w4 = word(4 + 50, k)
    x5 = big(5, k)
    w5 = word(5 + 50, k)
    x6 = big(6, k)
    w6 = word(6 + 50, k)
    x7 = big(7, k)
    w7 = word(7 + 50, k)
    x8 = big(8, k)
    w8 = word(8 + 50, k)
    yield x8 % 7
    x9 = big(9, k)
    w9 = word(9 + 50, k)
    x10 = big(10, k)
    w10 = word(10 + 50, k)
    x11 = big(11, k)
    w11 = word(11 + 50, k)
    x12 = big(12, k)
    w12 = word(12 + 50, k)
    x13 = big(13, k)
    w13 = word(13 + 50, k)
    x14 = big(14, k)
    w14 = word(14 + 50, k)
    x15 = big(15, k)
    w15 = word(15 + 50, k)
    x16 = big(16, k)
    w16 = word(16 + 50, k)
    yield x16 % 7
    x17 = big(17, k)
    w17 = word(17 + 50, k)
    x18 = big(18, k)
    w18 = word(18 + 50, k)
    x19 = big(19, k)
    w19 = word(19 + 50, k)
    x20 = big(20, k)
    w20 = word(20 + 50, k)
    x21 = big(21, k)
    w21 = word(21 + 50, k)
    x22 = big(22, k)
    w22 = word(22 + 50, k)
    x23 = big(23, k)
    w23 = word(23 + 50, k)
    x24 = big(24, k)
    w24 = word(24 + 50, k)
    yield x24 % 7
    x25 = big(25, k)
    w25 = word(25 + 50, k)
    x26 = big(26, k)
    w26 = word(26 + 50, k)
    x27 = big(27, k)
    w27 = word(27 + 50, k)
    x28 = big(28, k)
    w28 = word(28 + 50, k)
    x29 = big(29, k)
    w29 = word(29 + 50, k)
    x30 = big(30, k)
    w30 = word(30 + 50, k)
    x31 = big(31, k)
    w31 = word(31 + 50, k)
    x32 = big(32, k)
    w32 = word(32 + 50, k)
    yield x32 % 7
    x33 = big(33, k)
    w33 = word(33 + 50, k)
    x34 = big(34, k)
    w34 = word(34 + 50, k)
    x35 = big(35, k)
    w35 = word(35 + 50, k)
    x36 = big(36, k)
    w36 = word(36 + 50, k)
    x37 = big(37, k)
    w37 = word(37 + 50, k)
    x38 = big(38, k)
    w38 = word(38 + 50, k)
    x39 = big(39, k)
    w39 = word(39 + 50, k)
    yield len(w0) + len(w39)


def run(fn, ks) -> list:
    out = []
    for k in ks:
        try:
            out.append(fn(k))
        except (KeyError, IndexError, ValueError) as e:
            out.append(repr(e))
    return out


def drain(k: int) -> list:
    return list(gen(k))


def case_int_locals_kth_raises():
    return run(ints, (-1, 0, 1, 20, 39, 100, 120, 139))


def case_str_locals_kth_raises():
    return run(strs, (-1, 0, 1, 20, 39))


def case_object_locals_kth_raises():
    return run(boxes, (-1, 0, 1, 20, 39))


def case_mixed_locals_caught_inside():
    return run(mixed_caught, (-1, 0, 1, 20, 39, 50, 51, 70, 89))


def case_generator_locals_kth_raises():
    return run(drain, (-1, 0, 1, 8, 20, 39, 50, 58, 89))
