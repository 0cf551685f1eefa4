"""A dataclass simulation: bodies with positions updated from a plain list."""
from dataclasses import dataclass

DEFAULT_N = 2000


@dataclass
class Body:
    x: float
    v: float
    mass: float


def step(bodies: list, dt: float):
    for b in bodies:
        b.v += -b.x * dt / b.mass
        b.x += b.v * dt


def energy(bodies):
    return sum(0.5 * b.mass * b.v * b.v + 0.5 * b.x * b.x for b in bodies)


def main(n=DEFAULT_N):
    bodies = [Body(float(i % 10), 0.0, 1.0 + i % 3) for i in range(n)]
    for _ in range(150):
        step(bodies, 0.01)
    return int(energy(bodies) * 1000)
