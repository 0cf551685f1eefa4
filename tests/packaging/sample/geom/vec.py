from dataclasses import dataclass
import math


@dataclass
class Vec:
    x: float
    y: float

    def norm(self) -> float:
        return math.sqrt(self.x * self.x + self.y * self.y)

    def scaled(self, k: float) -> "Vec":
        return Vec(self.x * k, self.y * k)


def dot(a: Vec, b: Vec) -> float:
    return a.x * b.x + a.y * b.y


def path_length(points: list[tuple[float, float]]) -> float:
    total = 0.0
    for i in range(1, len(points)):
        dx = points[i][0] - points[i - 1][0]
        dy = points[i][1] - points[i - 1][1]
        total += math.sqrt(dx * dx + dy * dy)
    return total


def polygon_area(points):
    # unannotated on purpose: code as people write it
    n = len(points)
    s = 0.0
    for i in range(n):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return abs(s) / 2
