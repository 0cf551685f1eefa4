"""Native function objects used as Python uses functions; tracebacks out of compiled code."""

import functools
import inspect
import pickle
import traceback
import weakref


def target(a: int, b: int = 2, c="c") -> int:
    """doc"""
    return a + b + len(c)


class K:
    def method(self, x, y=1):
        return [self, x, y]


def case_function_attributes():
    out = []
    for i in range(5):
        out.append((target.__name__, target.__qualname__, target.__doc__, target.__module__,
                    target.__defaults__, sorted(target.__annotations__)))
        target.tag = [i]
        out.append(target.__dict__["tag"])
        del target.tag
    return out[-2:]


def case_defaults_assigned():
    saved = target.__defaults__
    out = []
    for i in range(5):
        target.__defaults__ = (i, "x" * i)
        out.append(target(1))
    target.__defaults__ = saved
    out.append(target(1))
    return out


def case_signature_weakref_pickle():
    sig = str(inspect.signature(target))
    r = weakref.ref(target)
    data = pickle.dumps(target)
    return sig, r() is target, pickle.loads(data) is target


def case_bound_methods():
    k = K()
    out = []
    for i in range(10):
        m = k.method
        out.append(m(i)[1:])
        out.append(K.method(k, i, y=[i])[2])
        p = functools.partial(target, c="zz")
        out.append(p(i, b=i))
    return out


def deep(n):
    if n == 0:
        return {}["missing"]
    return deep(n - 1)


def case_traceback_of_compiled():
    try:
        deep(4)
    except KeyError as e:
        tb = traceback.extract_tb(e.__traceback__)
        return [(f.name, f.lineno) for f in tb][1:]


def case_format_exception():
    try:
        deep(2)
    except KeyError as e:
        lines = traceback.format_exception(e)
        return len(lines), lines[-1]
