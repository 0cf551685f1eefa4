"""Methods using super() (their class cell read from the class's record), keyword
calls of methods, empty containers from list()/set()/dict(), and NamedTuple field reads
at attribute sites (the tuple's item, a short tuple's IndexError)."""
from typing import NamedTuple


class Base:
    def __init__(self, name: str, scale: float = 1.0) -> None:
        self.name = name
        self.scale = scale

    def area(self) -> float:
        return self.scale


class Rect(Base):
    def __init__(self, w: float, h: float, scale: float = 1.0) -> None:
        super().__init__("rect", scale=scale)
        self.w = w
        self.h = h

    def area(self) -> float:
        return super().area() * self.w * self.h


class Square(Rect):
    def __init__(self, side: float) -> None:
        super().__init__(side, side, scale=2.0)

    def area(self) -> float:
        return super().area() + 1.0


class Point(NamedTuple):
    x: float
    y: float


def case_super_chain():
    t = 0.0
    for i in range(20):
        t += Square(float(i)).area() + Rect(1.0, h=float(i)).area()
    return t


def case_through_function_objects():
    s = Square(3.0)
    init = Square.__init__
    init(s, 4.0)
    area = Rect.area
    return area(s) + s.area()


def case_empty_containers():
    seen = set()
    out = list()
    counts = dict()
    for w in ["a", "b", "a", "c"]:
        if w not in seen:
            seen.add(w)
            out.append(w)
        counts[w] = counts.get(w, 0) + 1
    return out, sorted(counts.items())


def read_x(p):
    return p.x


def case_namedtuple_reads():
    t = 0.0
    for i in range(20):
        p = Point(float(i), 2.0)
        t += read_x(p) + p.y
    try:
        read_x(tuple.__new__(Point, ()))
    except IndexError:
        t += 1.0
    return t
