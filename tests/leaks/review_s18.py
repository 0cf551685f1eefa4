"""Review of session 17: compiled dataclass __init__s (factories, __post_init__ raising,
bad arguments), abstract dispatch, heaps whose __lt__ raises, dict(zip()) with an
unhashable key partway, partition/strip, list.pop errors, bool vectors and tail
accumulators that raise or overflow, print from compiled code."""
import contextlib
import heapq
import io
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import List


@dataclass
class Order:
    oid: int
    items: List[str] = field(default_factory=list)
    tags: dict = field(default_factory=dict)
    qty: int = 1

    def __post_init__(self) -> None:
        if self.qty < 0:
            raise ValueError("qty")
        self.items.append("x")


@dataclass
class Big(Order):
    extra: set = field(default_factory=set)


class Shape(ABC):
    @abstractmethod
    def area(self) -> int: ...

    @property
    @abstractmethod
    def name(self) -> str: ...


class Sq(Shape):
    def __init__(self, s: int) -> None:
        self.s = s

    def area(self) -> int:
        if self.s < 0:
            raise ValueError(self.s)
        return self.s * self.s

    @property
    def name(self) -> str:
        return "sq%d" % self.s


class Bad:
    def __init__(self, v: int) -> None:
        self.v = v

    def __lt__(self, o: "Bad") -> bool:
        if self.v == 3 or o.v == 3:
            raise KeyError(self.v)
        return self.v < o.v


def areas(xs: List[Shape]) -> int:
    t = 0
    for x in xs:
        t += x.area() + len(x.name)
    return t


def sieve(n: int) -> List[bool]:
    f = [True] * n
    for i in range(2, n):
        if f[i]:
            for j in range(i * i, n, i):
                f[j] = False
    return f


def count_primes(n: int, k: int) -> int:
    f = sieve(n)
    c = 0
    for i in range(n):
        if f[i]:
            c += 1
    return c + f[k]


def tri(n: int, k: int) -> int:
    if n <= 0:
        return 100 // k
    return k + tri(n - 1, k)


def parse(lines):
    out = {}
    for ln in lines:
        k, _, v = ln.strip().partition("=")
        out[k] = v.rpartition(",")[2]
    return out


def zipped(keys, vals):
    return dict(zip(keys, vals))


def popper(xs, i):
    return xs.pop(i)


def loud(n: int) -> None:
    print("n", n, end="")


def case_dataclass_inits():
    n = 0
    for i in range(5):
        o = Order(i, qty=i)
        b = Big(i, ["a"], {"k": i})
        n += len(o.items) + len(b.items) + len(b.extra)
    for args in ((), (1, [], {}, -1), ("x", 1, 2, 3, 4, 5)):
        try:
            Order(*args)
        except (TypeError, ValueError):
            n += 1
    try:
        Big(1, qty=-2)
    except ValueError:
        n += 1
    return n


def case_abstract_dispatch():
    t = areas([Sq(2), Sq(3)])
    try:
        areas([Sq(1), Sq(-1)])
    except ValueError:
        t += 1
    return t


def case_heap_lt_raises():
    h = []
    got = 0
    for v in (5, 1, 4):
        heapq.heappush(h, Bad(v))
    try:
        heapq.heappush(h, Bad(3))
    except KeyError:
        got += 1
    while h:
        try:
            heapq.heappop(h)
        except KeyError:
            got += 10
            break
    return got, len(h)


def case_idioms():
    r = parse([" a=1,2 ", "b=3", "c"])
    d = zipped(["k", "l"], [1, 2, 3])
    try:
        zipped(["ok", ["unhashable"]], [1, 2])
    except TypeError:
        d["err"] = 1
    xs = [object(), object(), "s"]
    popper(xs, 1)
    try:
        popper(xs, 9)
    except IndexError:
        pass
    try:
        popper(xs, 2**70)
    except (IndexError, OverflowError):
        pass
    return r, sorted(d)


def case_boolvec_tailacc():
    t = count_primes(50, 3)
    try:
        count_primes(10, 50)
    except IndexError:
        t += 1
    t += tri(10, 2**61) + tri(3, 7)
    try:
        tri(5, 0)
    except ZeroDivisionError:
        t += 1
    return t


def case_print():
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        loud(3)
        loud(2**70)
    return buf.getvalue()
