"""Review of session 17: subclass instances whose method names the instance or a hook
shadows, cached_property classes, int vectors in list mode, property getters that raise."""
from functools import cached_property


class D(dict):
    pass


class L(list):
    pass


class Hooked(set):
    def __getattr__(self, name):
        raise AttributeError(name)


class Data:
    def __init__(self, xs: list[int]) -> None:
        self.xs = xs

    @cached_property
    def total(self) -> int:
        return sum(self.xs)


class Box:
    def __init__(self, v: int) -> None:
        self.v = v

    @property
    def half(self) -> int:
        if self.v % 2:
            raise ValueError("odd")
        return self.v // 2


def use(d: dict[str, int], xs: list[int], s: set[int]) -> int:
    xs.append(1)
    xs.insert(0, 2)
    xs.sort()
    s.add(3)
    return d.get("a", 0) + d.setdefault("b", 4) + len(xs) + len(s)


def case_shadowed_methods():
    d, xs, s = D(), L(), Hooked()
    d.get = lambda k, dflt=None: 10
    xs.append = xs.extend
    try:
        use(d, xs, s)
    except TypeError:
        pass
    return use(D(), L(), Hooked())


def case_cached_property():
    d = Data([1, 2, 3])
    return d.total + d.total


def halves(bs: list[Box]) -> int:
    t = 0
    for b in bs:
        try:
            t += b.half
        except ValueError:
            t -= 1
    return t


def case_property_raises():
    return halves([Box(2), Box(3), Box(8)])
