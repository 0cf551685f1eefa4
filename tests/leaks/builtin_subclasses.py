"""Typed dict, set, list and str operations on subclass instances: the override's
path (by name, through the C API) and the kept-builtin path of a subclass."""
from collections import Counter, OrderedDict


class Loud(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v)

    def get(self, k, default=None):
        return super().get(k, default)


class Bag(set):
    def add(self, x):
        super().add(x)


class Stack(list):
    def append(self, x):
        super().append(x)


class Name(str):
    def split(self, *a):
        return super().split(*a)


def fill(d: dict[str, int], s: set[int], xs: list[int], t: str) -> int:
    for i in range(20):
        d["k" + str(i % 5)] = i
        s.add(i)
        xs.append(i)
    n = len(d) + len(s) + d.get("k1", 0) + len(t.split()) + len(t.replace("a", "bb"))
    try:
        d["missing"] += 1
    except KeyError:
        n += 1
    return n


def case_overrides():
    return fill(Loud(), Bag(), Stack(), Name("a b c"))


def case_kept_builtin_ops():
    return fill(OrderedDict(), set(), [], "a b c") + fill(Counter(), set(), [], Name("x"))


def case_generic_counter(words=None):
    c = Counter()
    for w in words or ["a", "b", "a"] * 10:
        c[w] += 1
    return c["a"] + c["zz"]
