"""A __slots__ particle system: positions and velocities updated in a loop."""

DEFAULT_N = 3000


class Particle:
    __slots__ = ("x", "y", "vx", "vy")

    def __init__(self, x: float, y: float, vx: float, vy: float):
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy


def step(ps: list, dt: float):
    for p in ps:
        p.vy -= 9.81 * dt
        p.x += p.vx * dt
        p.y += p.vy * dt
        if p.y < 0:
            p.y = -p.y
            p.vy = -p.vy * 0.9


def main(n=DEFAULT_N):
    ps = [Particle(i * 0.1, 10.0 + i % 7, (i % 5) - 2.0, 0.0) for i in range(n)]
    for _ in range(100):
        step(ps, 0.01)
    return int(sum(p.x + p.y for p in ps) * 1000)
