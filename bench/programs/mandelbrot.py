"""Mandelbrot set membership on an n x n grid: scalar float loops only."""
from typing import Final

DEFAULT_N: Final = 500
MAX_ITER: Final = 50


def point_in_set(cr: float, ci: float) -> bool:
    zr = 0.0
    zi = 0.0
    it = 0
    while it < MAX_ITER:
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            return False
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        it += 1
    return True


def bench(n: int) -> int:
    count = 0
    for y in range(n):
        ci = 2.0 * y / n - 1.0
        for x in range(n):
            cr = 2.0 * x / n - 1.5
            if point_in_set(cr, ci):
                count += 1
    return count
