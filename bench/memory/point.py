"""The instance of issue 6's memory comparison: three float coordinates."""


class Point:
    def __init__(self, x: float, y: float, z: float) -> None:
        self.x = x
        self.y = y
        self.z = z


def make(n: int) -> list:
    return [Point(i * 0.5, i * 1.5, i * 2.5) for i in range(n)]
