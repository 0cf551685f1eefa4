"""pass/boxshare.c: an int or float boxed once and reused (kept alive across branches,
loops, yields and handlers) is released once, on every way out."""


def sieve():
    composites = {}
    q = 2
    while True:
        if q not in composites:
            yield q
            composites[q * q] = [q]
        else:
            for p in composites[q]:
                composites.setdefault(p + q, []).append(p)
            del composites[q]
        q += 1


def shared(n: int) -> list:
    k = n * 1000
    out = [k]
    for i in range(3):
        out.append((k, i))
    try:
        out.append(k // (i - i))
    except ZeroDivisionError:
        out.append(k)
    return out


def failing(n: int) -> list:
    k = n * 1000
    out = [k]
    out.append({k: k}[k + 1])
    return out


def floats(x: float):
    y = x * 1000.5
    got = yield y
    yield (y, got, y)


def case_sieve_taken():
    g = sieve()
    return [next(g) for _ in range(200)]


def case_sieve_abandoned():
    g = sieve()
    next(g)
    next(g)
    return 1


def case_shared():
    return shared(7), shared(2**70)


def case_failing():
    try:
        failing(9)
    except KeyError as e:
        return str(e)


def case_floats():
    g = floats(3.0)
    a = next(g)
    b = g.send("s")
    c = floats(1.0)
    next(c)
    c.close()
    return a, b
