"""Methods found on the receiver's type: a typed NamedTuple's methods called through
their native entry (and by name once patched), x._replace(k=v) made without Python
code (and its errors), C method descriptors called directly (and their errors)."""
from collections import deque
from typing import NamedTuple, Optional


class Pos(NamedTuple):
    sym: str
    qty: int
    cost: float = 0.0

    def signed(self, sell: bool) -> int:
        return -self.qty if sell else self.qty

    def label(self) -> str:
        return self.sym + ":" + str(self.qty)


def case_direct_methods():
    ps = [Pos("p" + str(i), i, i * 0.5) for i in range(30)]
    t = 0
    for p in ps:
        t += p.signed(p.qty % 2 == 0) + len(p.label())
    return t


def case_patched_method():
    orig = Pos.label
    Pos.label = lambda self: "patched" * 3
    try:
        return sum(len(Pos("a", i).label()) for i in range(20))
    finally:
        Pos.label = orig


def case_replace():
    p = Pos("r", 0)
    for i in range(40):
        p = p._replace(qty=p.qty + i, cost=p.cost + 1.5)
        p = p._replace()
    return p.qty


def case_replace_errors():
    n = 0
    p = Pos("e", 1)
    for i in range(20):
        try:
            p._replace(nope=i)
        except (ValueError, TypeError):
            n += 1
        try:
            tuple.__new__(Pos, ("x",))._replace(qty=i)
        except TypeError:
            n += 1
    return n


def lookup(d: dict[str, int], k: str) -> int:
    v = d.get(k)
    if v is None:
        return -1
    return v + 1


def case_narrowed_gets():
    d = {"k" + str(i): i * 1000 for i in range(20)}
    return sum(lookup(d, "k" + str(i)) for i in range(30))


def case_descriptors(n=40):
    q = deque()
    d = {}
    out = []
    for i in range(n):
        q.append(str(i))
        d.setdefault(i % 5, []).append(i)
        out.append(q.popleft())
        out.append(d.get(i % 7, "none"))
    for bad in (lambda: q.rotate(1, 2, 3), lambda: d.pop(), lambda: [].pop()):
        try:
            bad()
        except (TypeError, IndexError):
            out.append("err")
    return len(out)
