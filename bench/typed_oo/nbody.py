"""nbody: the Jovian planets and the sun, advanced with a simple symplectic step
(the pyperformance "nbody" program, typed for mypyc: a Body class, Final constants,
a classmethod building the system, pairs precomputed as a list of tuples).

bench(n) advances the system n steps and returns a checksum of its energy."""
from typing import List, Tuple

from typing_extensions import Final

DEFAULT_N: Final = 200000

PI: Final = 3.14159265358979323
SOLAR_MASS: Final = 4 * PI * PI
DAYS_PER_YEAR: Final = 365.24


class Body:
    def __init__(self, x: float, y: float, z: float, vx: float, vy: float, vz: float, mass: float) -> None:
        self.x = x
        self.y = y
        self.z = z
        self.vx = vx * DAYS_PER_YEAR
        self.vy = vy * DAYS_PER_YEAR
        self.vz = vz * DAYS_PER_YEAR
        self.mass = mass * SOLAR_MASS


class System:
    def __init__(self, bodies: List[Body]) -> None:
        self.bodies = bodies
        pairs: List[Tuple[Body, Body]] = []
        for i in range(len(bodies)):
            for j in range(i + 1, len(bodies)):
                pairs.append((bodies[i], bodies[j]))
        self.pairs = pairs

    @classmethod
    def jovian(cls) -> "System":
        sun = Body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
        jupiter = Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
                       1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
                       9.54791938424326609e-04)
        saturn = Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
                      -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
                      2.85885980666130812e-04)
        uranus = Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
                      2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
                      4.36624404335156298e-05)
        neptune = Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
                       2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
                       5.15138902046611451e-05)
        return cls([sun, jupiter, saturn, uranus, neptune])

    def offset_momentum(self) -> None:
        px = py = pz = 0.0
        for b in self.bodies:
            px -= b.vx * b.mass
            py -= b.vy * b.mass
            pz -= b.vz * b.mass
        sun = self.bodies[0]
        sun.vx = px / SOLAR_MASS
        sun.vy = py / SOLAR_MASS
        sun.vz = pz / SOLAR_MASS

    def advance(self, dt: float, n: int) -> None:
        for _ in range(n):
            for (b1, b2) in self.pairs:
                dx = b1.x - b2.x
                dy = b1.y - b2.y
                dz = b1.z - b2.z
                mag = dt * ((dx * dx + dy * dy + dz * dz) ** (-1.5))
                b1m = b1.mass * mag
                b2m = b2.mass * mag
                b1.vx -= dx * b2m
                b1.vy -= dy * b2m
                b1.vz -= dz * b2m
                b2.vx += dx * b1m
                b2.vy += dy * b1m
                b2.vz += dz * b1m
            for b in self.bodies:
                b.x += dt * b.vx
                b.y += dt * b.vy
                b.z += dt * b.vz

    def energy(self) -> float:
        e = 0.0
        for (b1, b2) in self.pairs:
            dx = b1.x - b2.x
            dy = b1.y - b2.y
            dz = b1.z - b2.z
            e -= (b1.mass * b2.mass) / ((dx * dx + dy * dy + dz * dz) ** 0.5)
        for b in self.bodies:
            e += b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz) / 2.
        return e


def bench(n: int) -> int:
    system = System.jovian()
    system.offset_momentum()
    system.advance(0.01, n)
    return int(system.energy() * 1e12)


if __name__ == "__main__":
    print(bench(1000))
