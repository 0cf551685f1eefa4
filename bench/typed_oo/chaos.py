"""chaos: a chaos game drawing a fractal with B-spline transformations (the
pyperformance "chaos" program in spirit): a GVector class with operator methods, a
Spline class, a Chaosgame with a small deterministic random generator, static and
class methods.

bench(n) plays n iterations and returns a checksum of the image."""
import math
from typing import List, Tuple

from typing_extensions import Final

DEFAULT_N: Final = 60000


class Random(object):
    def __init__(self, seed: int) -> None:
        self.state: int = seed

    def next(self) -> int:
        self.state = (self.state * 1103515245 + 12345) & 0x7fffffff
        return self.state

    def random(self) -> float:
        return self.next() / 2147483648.0

    def randrange(self, n: int) -> int:
        return int(self.next() % n)


class GVector(object):
    def __init__(self, x: float = 0, y: float = 0, z: float = 0) -> None:
        self.x = x
        self.y = y
        self.z = z

    def mag(self) -> float:
        return math.sqrt(self.x ** 2 + self.y ** 2 + self.z ** 2)

    def dist(self, other: "GVector") -> float:
        return math.sqrt((self.x - other.x) ** 2 + (self.y - other.y) ** 2 + (self.z - other.z) ** 2)

    def __add__(self, other: "GVector") -> "GVector":
        return GVector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other: "GVector") -> "GVector":
        return self + other * -1

    def __mul__(self, other: float) -> "GVector":
        return GVector(self.x * other, self.y * other, self.z * other)

    def linear_combination(self, other: "GVector", l1: float, l2: float) -> "GVector":
        return GVector(self.x * l1 + other.x * l2, self.y * l1 + other.y * l2, self.z * l1 + other.z * l2)


class Spline(object):
    def __init__(self, points: List[GVector], degree: int, knots: List[int]) -> None:
        if len(points) > len(knots) - degree + 1:
            raise ValueError("too many control points")
        self.knots = knots
        self.points = points
        self.degree = degree

    def get_domain(self) -> Tuple[int, int]:
        return (self.knots[self.degree - 1], self.knots[len(self.knots) - self.degree])

    def __call__(self, u: float) -> GVector:
        for ii in range(self.degree - 1, len(self.knots) - self.degree):
            if u >= self.knots[ii] and u < self.knots[ii + 1]:
                i = ii
                break
        else:
            i = len(self.knots) - self.degree - 1   # u at the end of the domain
        d = [self.points[i - self.degree + 1 + ii] for ii in range(self.degree + 1)]
        for ik in range(1, self.degree + 1):
            for ii in range(i - self.degree + ik + 1, i + 2):
                ua = self.knots[ii + self.degree - ik]
                ub = self.knots[ii - 1]
                co1 = (ua - u) / (ua - ub)
                co2 = (u - ub) / (ua - ub)
                index = ii - i + self.degree - ik - 1
                d[index] = d[index].linear_combination(d[index + 1], co1, co2)
        return d[0]

    def __len__(self) -> int:
        return len(self.points)

    @classmethod
    def uniform(cls, points: List[GVector]) -> "Spline":
        return cls(points, 3, [j // 3 for j in range(len(points) + 2)])


class Chaosgame(object):
    def __init__(self, splines: List[Spline], thickness: float, rnd: Random) -> None:
        self.splines = splines
        self.thickness = thickness
        self.rnd = rnd
        self.minx = min([p.x for spl in splines for p in spl.points])
        self.miny = min([p.y for spl in splines for p in spl.points])
        self.maxx = max([p.x for spl in splines for p in spl.points])
        self.maxy = max([p.y for spl in splines for p in spl.points])
        self.height = self.maxy - self.miny
        self.width = self.maxx - self.minx
        self.num_trafos: List[int] = []
        maxlength = thickness * self.width / self.height
        for spl in splines:
            length = 0.0
            curr = spl(0)
            for i in range(1, 1000):
                last = curr
                t = 1 / 999 * i
                curr = spl(t)
                length += curr.dist(last)
            self.num_trafos.append(max(1, int(length / maxlength * 1.5)))
        self.num_total = sum(self.num_trafos)

    def get_random_trafo(self) -> Tuple[int, int]:
        r = self.rnd.randrange(int(self.num_total) + 1)
        l = 0
        for i in range(len(self.num_trafos)):
            if r >= l and r < l + self.num_trafos[i]:
                return i, self.rnd.randrange(self.num_trafos[i])
            l += self.num_trafos[i]
        return len(self.num_trafos) - 1, self.rnd.randrange(self.num_trafos[-1])

    def transform_point(self, point: GVector) -> GVector:
        x = (point.x - self.minx) / self.width
        y = (point.y - self.miny) / self.height
        trafo = self.get_random_trafo()
        start, end = self.splines[trafo[0]].get_domain()
        length = end - start
        seg_length = length / self.num_trafos[trafo[0]]
        t = start + seg_length * trafo[1] + seg_length * x
        basepoint = self.splines[trafo[0]](t)
        if t + 1 / 50000 > end:
            neighbour = self.splines[trafo[0]](t - 1 / 50000)
            derivative = neighbour - basepoint
        else:
            neighbour = self.splines[trafo[0]](t + 1 / 50000)
            derivative = basepoint - neighbour
        if derivative.mag() != 0:
            basepoint.x += derivative.y / derivative.mag() * (y - 0.5) * self.thickness
            basepoint.y += -derivative.x / derivative.mag() * (y - 0.5) * self.thickness
        self.truncate(basepoint)
        return basepoint

    def truncate(self, point: GVector) -> None:
        if point.x >= self.maxx:
            point.x = self.maxx
        if point.y >= self.maxy:
            point.y = self.maxy
        if point.x < self.minx:
            point.x = self.minx
        if point.y < self.miny:
            point.y = self.miny

    def create_image_chaos(self, w: int, h: int, iterations: int) -> int:
        im = [[1] * h for i in range(w)]
        point = GVector((self.maxx + self.minx) / 2, (self.maxy + self.miny) / 2, 0)
        for _ in range(iterations):
            point = self.transform_point(point)
            x = (point.x - self.minx) / self.width * w
            y = (point.y - self.miny) / self.height * h
            x = int(x)
            y = int(y)
            if x == w:
                x -= 1
            if y == h:
                y -= 1
            im[x][h - y - 1] = 0
        total = 0
        for col in im:
            for i, v in enumerate(col):
                total = (total * 3 + v * i) % 1000000007
        return total


def bench(n: int) -> int:
    splines = [
        Spline.uniform([GVector(1.597350, 3.304460, 0.0), GVector(1.575810, 4.123260, 0.0),
                        GVector(1.313210, 5.288350, 0.0), GVector(1.618900, 5.329910, 0.0),
                        GVector(2.889940, 5.502700, 0.0), GVector(2.373060, 4.381830, 0.0),
                        GVector(1.662000, 4.360280, 0.0)]),
        Spline.uniform([GVector(2.804500, 4.017350, 0.0), GVector(2.550500, 3.525230, 0.0),
                        GVector(1.979010, 2.620360, 0.0), GVector(1.979010, 2.620360, 0.0)]),
        Spline.uniform([GVector(2.001670, 4.011320, 0.0), GVector(2.335040, 3.312830, 0.0),
                        GVector(2.366800, 3.233460, 0.0), GVector(2.366800, 3.233460, 0.0)]),
    ]
    game = Chaosgame(splines, 0.25, Random(1234))
    return game.create_image_chaos(256, 256, n)


if __name__ == "__main__":
    print(bench(2000))
