"""Int fields as one word (issue 19, oo22): a short int tagged in place, else the int
object itself. Big ints and int subclasses stored by compiled code and from Python,
overwritten, deleted, and released by every dealloc the classes get: with the GC, without
it (a class of ints only), with a finalizer, under Python subclasses, through GC cycles
that run through an int subclass's __dict__."""
import copy
import gc
from typing import Optional


class Ints:
    def __init__(self, a: int, b: int) -> None:
        self.a = a
        self.b = b

    def bump(self, d: int) -> int:
        self.a += d
        self.b -= d
        return self.a + self.b


class Linked:
    def __init__(self, v: int, nxt: Optional["Linked"]) -> None:
        self.v = v
        self.nxt = nxt


class Finalized:
    def __init__(self, v: int) -> None:
        self.v = v
        self.name = "f"

    def __del__(self) -> None:
        self.v = 1 << 80


class Tag(int):
    pass


def case_compiled_stores() -> int:
    t = 0
    o = Ints(1 << 70, -(1 << 70))
    for i in range(10):
        t += o.bump(1 << (60 + i % 5))
        o.a = i
        o.b = 1 << 64
    n: Optional[Linked] = None
    for i in range(8):
        n = Linked(i << 62, n)
    while n is not None:
        t += n.v & 7
        n.v = 3
        n = n.nxt
    for i in range(5):
        f = Finalized(1 << 90)
        t += f.v & 1
    return t


def case_python_stores() -> int:
    o = Ints(1, 2)
    o.a = 1 << 100
    o.a = True
    o.b = Tag(7)
    o.b = Tag(8)
    del o.a
    o.a = -(1 << 65)
    c = copy.copy(o)
    d = copy.deepcopy(o)
    return (c.a == o.a) + (d.b == 8) + o.bump(1) % 5


class PySub(Ints):
    def __del__(self) -> None:
        self.a = 1 << 99


def case_subclasses_and_cycles() -> int:
    t = 0
    for i in range(4):
        s = PySub(1 << 70, i)
        t += s.bump(2) & 3
        n = Linked(0, None)
        tag = Tag(i)
        tag.owner = n
        n.v = tag
        n.nxt = Linked(1 << 90, n)
    gc.collect()
    return t
