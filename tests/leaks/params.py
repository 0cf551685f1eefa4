"""*args/**kwargs/keyword-only parameters, call unpacking, :=, decorated functions,
imports in class bodies, \\N constants."""
import functools


def _spread(a, /, b=2, *rest, c, d=4, **kw):
    return a + b + c + d + len(rest) + len(kw)


def case_param_kinds():
    total = 0
    for i in range(10):
        total += _spread(i, c=1)
        total += _spread(i, 5, 6, 7, c=2, e=3, f=4)
    return total


def case_call_unpacking():
    args = [1, 2, 3]
    kw = {"c": 5, "z": 9}
    out = [_spread(*args, **kw), _spread(0, *args[:1], c=1, **{"y": 2})]
    try:
        _spread(1, c=1, **{"c": 2})
    except TypeError as e:
        out.append(type(e).__name__)
    return out


def case_walrus():
    found = []
    data = ["a", "bbb", "cc", "dddd"]
    it = iter(data)
    while (w := next(it, None)) is not None:
        if (n := len(w)) > 2:
            found.append((w, n))
    hits = [y for x in data if (y := x.upper()) > "B"]
    return found, hits, w


@functools.lru_cache(maxsize=8)
def _cached(n):
    return [n] * 3


def _call_upper(f, *a, **k):
    return str(f(*a, **k)).upper()


def _shout(f):
    return functools.update_wrapper(functools.partial(_call_upper, f), f)


@_shout
def _greet(name, *, punct="!"):
    return "hi " + name + punct


def case_decorated():
    _cached.cache_clear()
    out = [_cached(i % 10) for i in range(30)]
    return out[-1], _cached.cache_info().hits, _greet("bob"), _greet("al", punct="?")


class _WithImports:
    import json as codec
    from string import digits
    sep = "\N{EM DASH}"


def case_class_body_imports():
    return _WithImports.codec.dumps([1, 2]), _WithImports.digits[:3], ascii(_WithImports.sep)
