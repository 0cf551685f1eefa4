"""CPython's own compact version of bench/memory/point.py: __slots__."""


class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, x: float, y: float, z: float) -> None:
        self.x = x
        self.y = y
        self.z = z


def make(n: int) -> list:
    return [Point(i * 0.5, i * 1.5, i * 2.5) for i in range(n)]
