"""Object arguments of typed methods and constructors converted at the call with the
entry's check (build_member_args), including the TypeError path, and list
comprehensions typed as private containers in unannotated code."""
from typing import NamedTuple


class Stats:
    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.total = 0.0

    def add(self, ms: int, error: bool, w: float = 1.0) -> None:
        self.count += 1 if error else 0
        self.total += ms * w


class Row(NamedTuple):
    k: str
    n: int


def case_object_args(rows=None):
    s = Stats("x")
    for r in rows or [(1, True, 2.0), (2 ** 70, False, 0.5), (3, True, 1)]:
        s.add(r[0], r[1], r[2])
        s.add(w=r[2], ms=r[0], error=r[0] == 1)
    return s.count


def case_object_args_fail():
    # compiled, the entry's checks raise TypeError (interpreted, nothing checks the
    # annotations): the same result either way, the error path exercised compiled
    s = Stats("y")
    n = 0
    for bad in ["1", None, [1]]:
        try:
            s.add(bad, True)
        except TypeError:
            pass
        try:
            Stats(bad)
        except TypeError:
            pass
        n += 1
    return n


def case_private_comprehension(lines=("a,1", "b,22", "c,333")):
    rows = [Row(l.split(",")[0], int(l.split(",")[1])) for l in lines]
    t = 0
    for r in rows:
        t += r.n + len(r.k)
    return t
