"""float: many small Point objects, each normalized, then the maximum taken component
by component (the pyperformance "float" program, typed for mypyc: Final constants, a
class with float fields, a staticmethod factory).

bench(n) makes n points per round, 8 rounds, and returns a checksum of the result."""
from math import cos, sin, sqrt
from typing import List

from typing_extensions import Final

DEFAULT_N: Final = 50000
ROUNDS: Final = 8


class Point(object):
    def __init__(self, i: float) -> None:
        self.x = x = sin(i)
        self.y = cos(i) * 3
        self.z = (x * x) / 2

    def __repr__(self) -> str:
        return "<Point: x=%s, y=%s, z=%s>" % (self.x, self.y, self.z)

    def normalize(self) -> None:
        x = self.x
        y = self.y
        z = self.z
        norm = sqrt(x * x + y * y + z * z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other: "Point") -> "Point":
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self

    @staticmethod
    def of(i: int) -> "Point":
        return Point(float(i))


def maximize(points: List[Point]) -> Point:
    nxt = points[0]
    for p in points[1:]:
        nxt = nxt.maximize(p)
    return nxt


def run(n: int) -> Point:
    points = [Point.of(i) for i in range(n)]
    for p in points:
        p.normalize()
    return maximize(points)


def bench(n: int) -> int:
    total = 0.0
    for _ in range(ROUNDS):
        p = run(n)
        total += p.x + p.y * 10 + p.z * 100
    return int(total * 1e9)


if __name__ == "__main__":
    print(bench(1000))
