"""Millions of small objects: a `__slots__` class and a `@dataclass(slots=True)` class,
created in a loop, kept in lists and read back attribute by attribute.

bench(n) creates n Points (coordinates from a small LCG), a Segment for each pair of
neighbours and n mirrored Points (3n objects), and reads the fields back to compute a
bounding box, a weighted length sum and a hash of the moved points."""
from dataclasses import dataclass
from typing import Final, List

DEFAULT_N: Final = 350000
MOD: Final = (1 << 61) - 1


class Point:
    __slots__ = ("x", "y")
    x: int
    y: int

    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y


@dataclass(slots=True)
class Segment:
    a: Point
    b: Point
    weight: int


def make_points(n: int) -> List[Point]:
    seed = 12345
    points: List[Point] = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        x = seed % 2001 - 1000
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        y = seed % 2001 - 1000
        points.append(Point(x, y))
    return points


def make_segments(points: List[Point]) -> List[Segment]:
    segments: List[Segment] = []
    for i in range(1, len(points)):
        segments.append(Segment(points[i - 1], points[i], i % 7))
    return segments


def bench(n: int) -> int:
    points = make_points(n)
    segments = make_segments(points)
    min_x = 1 << 30
    max_x = -(1 << 30)
    min_y = 1 << 30
    max_y = -(1 << 30)
    for p in points:
        if p.x < min_x:
            min_x = p.x
        if p.x > max_x:
            max_x = p.x
        if p.y < min_y:
            min_y = p.y
        if p.y > max_y:
            max_y = p.y
    total = 0
    for s in segments:
        total += (abs(s.a.x - s.b.x) + abs(s.a.y - s.b.y)) * s.weight
    # translate every point in place, then read them again
    for p in points:
        p.x += 1
        p.y -= 1
    # and a third generation of objects: mirrored copies
    mirrored = [Point(-p.y, p.x) for p in points]
    moved = 0
    for p in mirrored:
        moved = (moved * 31 + p.x * 3 + p.y) % MOD
    return ((total * 1000003 + (max_x - min_x) * 2003 + (max_y - min_y)) % MOD + moved) % MOD
