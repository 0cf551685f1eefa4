"""Typed int/float arithmetic, big ints on the slow path, recursion, direct calls."""

BIG = 2 ** 70


def mix(a: int, b: int) -> int:
    return (a * b + a // (b or 1) - a % 7) ^ (a << 3)


def case_small_ints() -> int:
    total = 0
    for i in range(200):
        total += mix(i, i + 3)
    return total


def case_big_ints() -> int:
    x = BIG
    total = 0
    for i in range(50):
        x = x * 3 + i
        total += x % 1000003
        total += mix(x, i + 1) >> 60
    return total + (x >> 100)


def case_overflow_boundary() -> int:
    x: int = 2 ** 62 - 5
    acc = 0
    for i in range(20):
        y = x + i          # crosses the tagged range
        acc += y - x
        acc += -y // 3 + (y * y) % 17
    return acc


def fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)


def case_recursion_big() -> int:
    return fact(40) % 1000000007 + fact(25) // fact(23)


def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def case_recursion_small() -> int:
    return fib(12)


def case_floats() -> float:
    s = 0.0
    for i in range(1, 100):
        x: float = i * 0.5
        s += x ** 2 / (x + 1.0) - x % 3.0 + x // 2.0
    return round(s, 6)


def case_float_errors() -> int:
    n = 0
    for i in range(10):
        try:
            z = 1.0 / (i - i * 1.0)
            n += int(z)
        except ZeroDivisionError:
            n += 1
    return n


def case_int_errors() -> int:
    n = 0
    for i in range(10):
        try:
            n += BIG // (i - i)
        except ZeroDivisionError as e:
            n += len(str(e))
    return n


def case_int_str() -> str:
    parts = []
    for i in range(30):
        parts.append(str(BIG + i))
        parts.append(hex(i * BIG))
    return "".join(parts)[-40:]


def case_fused_mod() -> int:
    m = (1 << 61) - 1
    x = 12345
    s = 0
    for i in range(40):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        s = (s * 31 + x - i) % m
        s += (x * (1 << 70) + 3) % (m + (1 << 65))
    try:
        s += (x * 3 + 1) % (m - m)
    except ZeroDivisionError:
        s += 1
    return s


def releasing_ops(a: int, b: int) -> int:
    """Each int op with long operands that die at it (its releasing form, releasing.def)."""
    s = (a + 1) + (b + 2)
    s += (a - 3) - (b * 1)
    s += (a * 2) * (b + 0) % 1000003
    s += (a + 5) // (b - 1) + (a + 6) % (b + 7)
    s += ((a + 8) & (b + 9)) | ((a - 1) ^ (b - 2))
    s += ((a + 1) == (b + 1)) + ((a + 2) != (b + 2)) + ((a + 3) < (b + 3))
    s += ((a + 4) <= (b + 4)) + ((a + 5) > (b + 5)) + ((a + 6) >= (b + 6))
    s += -(a + 7) + abs(-(b * 3))
    s += int((a * 1.0 + 0) > 0) + int(float(a + 9) > 0.0) + int((a + 1) / (b + 1) > 0)
    return s


def case_releasing_forms() -> int:
    total = 0
    for i in range(30):
        total += releasing_ops(BIG + i, BIG * 3 + i) % 1000003
        total += releasing_ops(i, i + 1)
        total += releasing_ops(-BIG - i, 5) % 1000003
    boxed = []
    for i in range(10):
        boxed.append(BIG + i)     # a long boxed as it dies
    return total + len(boxed)


def case_releasing_errors() -> int:
    n = 0
    for i in range(10):
        try:
            n += (BIG + i) // (BIG - BIG)
        except ZeroDivisionError:
            n += 1
        try:
            n += (BIG * i) % (i - i)
        except ZeroDivisionError:
            n += 2
    return n
