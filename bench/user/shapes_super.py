"""A small class hierarchy in the usual style: __init__ chains through super(),
overridden methods that extend the base's with super(), keyword arguments."""
import math

DEFAULT_N = 30000


class Shape:
    def __init__(self, name: str, scale: float = 1.0) -> None:
        self.name = name
        self.scale = scale

    def area(self) -> float:
        raise NotImplementedError

    def describe(self) -> str:
        return f"{self.name}:{self.area():.1f}"


class Circle(Shape):
    def __init__(self, r: float, scale: float = 1.0) -> None:
        super().__init__("circle", scale=scale)
        self.r = r

    def area(self) -> float:
        return math.pi * self.r * self.r * self.scale


class Rect(Shape):
    def __init__(self, w: float, h: float, scale: float = 1.0) -> None:
        super().__init__("rect", scale=scale)
        self.w = w
        self.h = h

    def area(self) -> float:
        return self.w * self.h * self.scale


class Square(Rect):
    def __init__(self, side: float, scale: float = 1.0) -> None:
        super().__init__(side, side, scale=scale)
        self.name = "square"

    def area(self) -> float:
        return super().area()


def build(n):
    shapes = []
    for i in range(n):
        k = i % 3
        if k == 0:
            shapes.append(Circle(1.0 + i % 5, scale=0.5))
        elif k == 1:
            shapes.append(Rect(w=1.0 + i % 4, h=2.0))
        else:
            shapes.append(Square(side=1.0 + i % 3))
    return shapes


def main(n=DEFAULT_N):
    shapes = build(n)
    total = 0.0
    for s in shapes:
        total += s.area()
    names = {}
    for s in shapes[:300]:
        names[s.name] = names.get(s.name, 0) + 1
    return round(total, 3), sorted(names.items()), shapes[7].describe()
