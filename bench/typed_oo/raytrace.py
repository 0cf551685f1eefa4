"""raytrace: a small ray tracer (the pyperformance/mypyc "raytrace" program in
spirit): Vector and Point classes with operator methods, a Ray, surfaces in a class
hierarchy (Sphere, Halfspace) with overridden intersection methods, a scene with a
light, and shading with reflection.

bench(n) renders an n x n image and returns a checksum of the pixels."""
import math
from typing import List, Optional, Tuple

from typing_extensions import Final

DEFAULT_N: Final = 200
EPSILON: Final = 0.00001


class Vector(object):
    def __init__(self, initx: float, inity: float, initz: float) -> None:
        self.x = initx
        self.y = inity
        self.z = initz

    def __str__(self) -> str:
        return "(%s,%s,%s)" % (self.x, self.y, self.z)

    def magnitude(self) -> float:
        return math.sqrt(self.dot(self))

    def __add__(self, other: "Vector") -> "Vector":
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other: "Vector") -> "Vector":
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def scale(self, factor: float) -> "Vector":
        return Vector(factor * self.x, factor * self.y, factor * self.z)

    def dot(self, other: "Vector") -> float:
        return self.x * other.x + self.y * other.y + self.z * other.z

    def cross(self, other: "Vector") -> "Vector":
        return Vector(self.y * other.z - self.z * other.y,
                      self.z * other.x - self.x * other.z,
                      self.x * other.y - self.y * other.x)

    def normalized(self) -> "Vector":
        return self.scale(1.0 / self.magnitude())

    def negated(self) -> "Vector":
        return self.scale(-1)

    def reflect_through(self, normal: "Vector") -> "Vector":
        d = normal.scale(self.dot(normal))
        return self - d.scale(2)

    @staticmethod
    def zero() -> "Vector":
        return Vector(0, 0, 0)


class Ray(object):
    def __init__(self, point: Vector, vector: Vector) -> None:
        self.point = point
        self.vector = vector.normalized()

    def point_at_time(self, t: float) -> Vector:
        return self.point + self.vector.scale(t)


class SimpleSurface(object):
    def __init__(self, base_colour: Vector, specular: float, lambert: float) -> None:
        self.base_colour = base_colour
        self.specular = specular
        self.lambert_coefficient = lambert
        self.ambient = 1.0 - specular - lambert

    def colour_at(self, scene: "Scene", ray: Ray, p: Vector, normal: Vector) -> Vector:
        b = self.base_colour
        c = Vector.zero()
        if self.specular > 0:
            reflected_ray = Ray(p, ray.vector.reflect_through(normal))
            reflected_colour = scene.ray_colour(reflected_ray)
            c = c + reflected_colour.scale(self.specular)
        if self.lambert_coefficient > 0:
            lambert_amount = 0.0
            for light_point in scene.lights:
                if scene.light_is_visible(light_point, p):
                    contribution = (light_point - p).normalized().dot(normal)
                    if contribution > 0:
                        lambert_amount = lambert_amount + contribution
            lambert_amount = min(1.0, lambert_amount)
            c = c + b.scale(lambert_amount * self.lambert_coefficient)
        if self.ambient > 0:
            c = c + b.scale(self.ambient)
        return c


class SceneObject(object):
    def __init__(self, surface: SimpleSurface) -> None:
        self.surface = surface

    def intersection_time(self, ray: Ray) -> Optional[float]:
        raise NotImplementedError

    def normal_at(self, p: Vector) -> Vector:
        raise NotImplementedError


class Sphere(SceneObject):
    def __init__(self, centre: Vector, radius: float, surface: SimpleSurface) -> None:
        SceneObject.__init__(self, surface)
        self.centre = centre
        self.radius = radius

    def intersection_time(self, ray: Ray) -> Optional[float]:
        cp = self.centre - ray.point
        v = cp.dot(ray.vector)
        discriminant = (self.radius * self.radius) - (cp.dot(cp) - v * v)
        if discriminant < 0:
            return None
        return v - math.sqrt(discriminant)

    def normal_at(self, p: Vector) -> Vector:
        return (p - self.centre).normalized()


class Halfspace(SceneObject):
    def __init__(self, point: Vector, normal: Vector, surface: SimpleSurface) -> None:
        SceneObject.__init__(self, surface)
        self.point = point
        self.normal = normal.normalized()

    def intersection_time(self, ray: Ray) -> Optional[float]:
        v = ray.vector.dot(self.normal)
        if v:
            return 1 / -v
        return None

    def normal_at(self, p: Vector) -> Vector:
        return self.normal


class Scene(object):
    def __init__(self) -> None:
        self.objects: List[SceneObject] = []
        self.lights: List[Vector] = []
        self.position = Vector(0, 1.8, 10)
        self.look_at = Vector.zero()
        self.field_of_view = 45.0
        self.recursion_depth = 0

    def add_object(self, obj: SceneObject) -> None:
        self.objects.append(obj)

    def add_light(self, p: Vector) -> None:
        self.lights.append(p)

    def ray_colour(self, ray: Ray) -> Vector:
        if self.recursion_depth > 3:
            return Vector.zero()
        try:
            self.recursion_depth = self.recursion_depth + 1
            hit = self.first_intersection(ray)
            if hit is None:
                return Vector.zero()
            t, obj = hit
            p = ray.point_at_time(t)
            return obj.surface.colour_at(self, ray, p, obj.normal_at(p))
        finally:
            self.recursion_depth = self.recursion_depth - 1

    def first_intersection(self, ray: Ray) -> Optional[Tuple[float, SceneObject]]:
        best: Optional[Tuple[float, SceneObject]] = None
        for o in self.objects:
            t = o.intersection_time(ray)
            if t is not None and t > EPSILON:
                if best is None or t < best[0]:
                    best = (t, o)
        return best

    def light_is_visible(self, l: Vector, p: Vector) -> bool:
        for o in self.objects:
            t = o.intersection_time(Ray(p, l - p))
            if t is not None and t > EPSILON:
                return False
        return True

    def render(self, width: int, height: int) -> int:
        fov_radians = math.pi * (self.field_of_view / 2.0) / 180.0
        half_width = math.tan(fov_radians)
        half_height = 0.75 * half_width
        pixel_width = (half_width * 2) / (width - 1)
        pixel_height = (half_height * 2) / (height - 1)
        eye = Ray(self.position, self.look_at - self.position)
        vpright = eye.vector.cross(Vector(0, 1, 0)).normalized()
        vpup = vpright.cross(eye.vector).normalized()
        checksum = 0
        for y in range(height):
            for x in range(width):
                xcomp = vpright.scale(x * pixel_width - half_width)
                ycomp = vpup.scale(y * pixel_height - half_height)
                ray = Ray(eye.point, eye.vector + xcomp + ycomp)
                colour = self.ray_colour(ray)
                r = int(min(1.0, colour.x) * 255)
                g = int(min(1.0, colour.y) * 255)
                b = int(min(1.0, colour.z) * 255)
                checksum = (checksum * 31 + r * 65536 + g * 256 + b) % 1000000007
        return checksum


def bench(n: int) -> int:
    s = Scene()
    s.add_light(Vector(30, 30, 10))
    s.add_light(Vector(-10, 100, 30))
    s.look_at = Vector(0, 3, 0)
    s.add_object(Sphere(Vector(1, 3, -10), 2, SimpleSurface(Vector(1, 1, 0), 0.2, 0.6)))
    for y in range(6):
        s.add_object(Sphere(Vector(-3 - y * 0.4, 2.3, -5), 0.4,
                            SimpleSurface(Vector(y / 6.0, 1 - y / 6.0, 0.5), 0.2, 0.6)))
    s.add_object(Halfspace(Vector(0, 0, 0), Vector(0, 1, 0), SimpleSurface(Vector(0.5, 0.5, 0.5), 0.2, 0.6)))
    return s.render(n, n)


if __name__ == "__main__":
    print(bench(20))
