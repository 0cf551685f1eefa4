"""Chains of compiled generators delegating by `yield from` (gen.c step_chain): the
levels release their frames whether the innermost yields, returns up several levels,
raises, is thrown into, closed, abandoned or stopped by the recursion limit."""
import sys


class Box:
    def __init__(self, v):
        self.v = v


def lvl(d, n):
    held = Box(d)
    if d == 0:
        yield Box(n)
        yield held
        return Box(n + 1)
    r = yield from lvl(d - 1, n)
    if d == 3:
        yield r
    return r


def failing(d):
    held = Box(d)
    if d == 0:
        yield held
        raise ValueError(Box(1))
    try:
        yield from failing(d - 1)
    except ValueError as e:
        if d == 2:
            yield e.args[0]
        raise


def case_chain_exhausted():
    return [b.v for b in lvl(6, 1)]


def case_chain_abandoned():
    g = lvl(80, 2)
    return next(g).v


def case_chain_closed_and_thrown():
    g = lvl(6, 3)
    next(g)
    g.close()
    h = lvl(6, 4)
    next(h)
    try:
        h.throw(KeyError(Box(5)))
    except KeyError as e:
        return e.args[0].v


def case_chain_raises():
    out = []
    try:
        for b in failing(5):
            out.append(b.v)
    except ValueError as e:
        out.append(e.args[0].v)
    return out


def case_chain_recursion_limit():
    g = lvl(60, 5)
    next(g)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(40)
    try:
        next(g)
    except RecursionError:
        pass
    finally:
        sys.setrecursionlimit(old)
    return next(g, None) is None
