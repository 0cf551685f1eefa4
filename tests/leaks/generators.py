"""Native generators: every way a generator ends (exhausted, returned, raised, closed,
thrown into, abandoned while suspended, delegated to with yield from) releases its frame."""


class Box:
    def __init__(self, v):
        self.v = v


def counter(n: int):
    total = 0
    for i in range(n):
        b = Box(i)
        total += i
        yield b
    return Box(total)


def guarded(items: list):
    held = [Box(x) for x in items]
    try:
        for h in held:
            got = yield h
            if got is not None:
                held.append(Box(got))
    finally:
        held.clear()


def failing(n: int):
    keep = Box(n)
    yield keep
    raise ValueError("fail %d" % n)


def inner():
    x = Box(1)
    yield x
    return Box(2)


def outer():
    r = yield from inner()
    yield r
    y = yield from [Box(3), Box(4)]
    yield y


def make_closure(data):
    def gen(k: int):
        for i in range(k):
            yield data[i % len(data)]
    return gen


def case_exhausted():
    return sum(b.v for b in counter(20)), list(b.v for b in counter(3))


def case_return_value():
    it = counter(3)
    out = [b.v for b in it]
    try:
        next(it)
    except StopIteration as e:
        out.append(e.value)
    return out


def case_abandoned_suspended():
    out = []
    for k in range(10):
        it = guarded([k, k + 1, k + 2])
        out.append(next(it).v)
    return out


def case_closed_and_sent():
    it = guarded([1, 2])
    next(it)
    it.send("extra")
    it.close()
    return list(it)


def case_thrown_into():
    it = guarded([1, 2, 3])
    next(it)
    try:
        it.throw(KeyError("k"))
    except KeyError as e:
        return str(e)


def case_raises():
    it = failing(5)
    next(it)
    try:
        next(it)
    except ValueError as e:
        return str(e)


def case_yield_from():
    return [type(x).__name__ for x in outer()]


def case_yield_from_closed():
    g = outer()
    next(g)
    g.close()
    return g.gi_yieldfrom


def case_closure_generator():
    gen = make_closure([Box(1), Box(2)])
    return [b.v for b in gen(5)]


def case_never_started():
    gens = [counter(i) for i in range(5)]
    return len(gens)


def case_cycle():
    it = guarded([1])
    next(it)
    box = Box(it)
    it.send(box)   # the frame now holds a Box that holds the generator
    return 1


def case_genexp_object():
    data = [Box(i) for i in range(5)]
    g = (b.v for b in data if b.v % 2)
    first = next(g)
    return first, list(g)


def case_genexp_abandoned():
    data = [Box(i) for i in range(5)]
    gens = [(b for b in data) for _ in range(3)]
    return [next(g).v for g in gens]


def in_handler(n: int):
    try:
        raise ValueError(Box(n))
    except ValueError as e:
        got = yield e.args[0]
        yield got
    yield Box(n + 1)


def case_suspended_in_handler():
    # the exception a generator handles while suspended is its own (gen.c run_own_slot)
    it = in_handler(3)
    try:
        raise KeyError("caller")
    except KeyError:
        next(it)
    it.send(Box(4))
    out = [next(it).v]
    half = in_handler(5)
    next(half)
    try:
        half.throw(IndexError("in"))
    except IndexError as e:
        out.append(type(e.__context__).__name__)
    return out
