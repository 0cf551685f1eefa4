"""Classes with a C layout: unboxed int/float/bool fields (big ints in their object
slot), Optional links, vtable calls over subclasses, direct construction, dataclasses
with compiled __init__ and slots=True, and the slow paths from Python."""
import copy
import gc
from dataclasses import dataclass
from typing import List, Optional


class Node:
    def __init__(self, v: int, w: float, nxt: Optional["Node"]) -> None:
        self.v = v
        self.w = w
        self.ok = True
        self.nxt = nxt

    def weight(self) -> float:
        return self.w

    def value(self) -> int:
        return self.v


class Heavy(Node):
    def weight(self) -> float:
        return self.w * 2.0

    def value(self) -> int:
        return self.v * (1 << 70)


@dataclass(slots=True)
class Seg:
    a: Node
    b: Node
    k: int = 0


@dataclass
class Rec:
    name: str
    n: int = 3


def chain(n: int) -> Optional[Node]:
    head: Optional[Node] = None
    for i in range(n):
        head = Node(i, i * 0.5, head) if i % 2 else Heavy(i << 62, 1.0, head)
    return head


def case_fields_and_vtables() -> int:
    t = 0
    n = chain(12)
    total = 0.0
    while n is not None:
        t += n.value()
        total += n.weight()
        n.v += 1 << 63
        n.ok = not n.ok
        n = n.nxt
    return t + int(total)


def case_dataclasses() -> int:
    segs: List[Seg] = []
    for i in range(10):
        segs.append(Seg(Node(i, 0.0, None), Heavy(i, 1.0, None), i << 64))
    r = Rec("x" * 3)
    return sum([s.k + s.a.v + s.b.value() for s in segs]) + r.n + len(repr(r)) + len(repr(segs[0]))


def case_python_side() -> int:
    n = Node(1 << 90, 2.0, None)
    n.v = True
    n.v = 5
    n.v = 1 << 100
    del n.v
    try:
        n.value()
    except AttributeError:
        pass
    try:
        object.__setattr__(n, "w", "bad")   # a TypeError only when compiled
    except TypeError:
        pass
    c = copy.copy(Node(3, 1.5, n))
    return c.v + int(c.w * 2) + (c.nxt is n)


@dataclass(order=True, frozen=True)
class Key:
    x: float
    n: int
    label: object = None


@dataclass
class Link:
    v: int
    nxt: object = None


def case_dataclass_methods() -> int:
    keys = [Key(float(i % 3), (i * 5) % 7 << (60 if i % 2 else 0), "k" if i % 3 else None) for i in range(20)]
    keys.sort()
    eq = sum([1 for a, b in zip(keys, keys[1:]) if a == b or a >= b])
    seen = {k: i for i, k in enumerate(keys)}
    ring = Link(1)
    ring.nxt = Link(2, ring)
    text = repr(ring) + repr(keys[0])
    try:
        keys[0] < 3
    except TypeError:
        eq += 1000
    odd = Link(3)
    del odd.v
    try:
        odd == Link(3)
    except AttributeError:
        eq += 10000
    return eq + len(seen) + len(text)


class Rng:
    def __init__(self, seed: int) -> None:
        self.state = seed

    def next(self, n: int) -> int:
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff
        return (self.state >> 33) % n


def case_cycles_and_big_int_stores() -> int:
    # cycles through the generated GC traverse/clear; big ints stored into int fields
    t = 0
    for i in range(4):
        a = Node(i << 70, 1.0, None)
        b = Heavy(i, 2.0, a)
        a.nxt = b
        t += b.value() % 7
    gc.collect()
    r = Rng(5)
    for _ in range(10):
        t += r.next(100)
    r.state = 3
    return t + r.state
