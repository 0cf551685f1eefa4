"""A small ray tracer: spheres on a checkered floor, one point light, diffuse and
specular shading, hard shadows and mirror reflections. Exercises small float classes
(a Vec allocated per operation), method calls, Optional results and lists of objects.

bench(n) renders an n x n image and returns a checksum of its pixels quantized
to 0..255."""
import math
from typing import Final, List, Optional

DEFAULT_N: Final = 230
MAX_DEPTH: Final = 3
EPS: Final = 1e-6
MOD: Final = (1 << 61) - 1


class Vec:
    x: float
    y: float
    z: float

    def __init__(self, x: float, y: float, z: float) -> None:
        self.x = x
        self.y = y
        self.z = z

    def add(self, o: "Vec") -> "Vec":
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def sub(self, o: "Vec") -> "Vec":
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def scale(self, k: float) -> "Vec":
        return Vec(self.x * k, self.y * k, self.z * k)

    def mul(self, o: "Vec") -> "Vec":
        return Vec(self.x * o.x, self.y * o.y, self.z * o.z)

    def dot(self, o: "Vec") -> float:
        return self.x * o.x + self.y * o.y + self.z * o.z

    def length(self) -> float:
        return math.sqrt(self.dot(self))

    def normalized(self) -> "Vec":
        return self.scale(1.0 / self.length())


class Ray:
    origin: Vec
    direction: Vec

    def __init__(self, origin: Vec, direction: Vec) -> None:
        self.origin = origin
        self.direction = direction

    def at(self, t: float) -> Vec:
        return self.origin.add(self.direction.scale(t))


class Material:
    color: Vec
    specular: float
    reflect: float
    checkered: bool

    def __init__(self, color: Vec, specular: float, reflect: float, checkered: bool) -> None:
        self.color = color
        self.specular = specular
        self.reflect = reflect
        self.checkered = checkered

    def color_at(self, p: Vec) -> Vec:
        if self.checkered and (int(math.floor(p.x)) + int(math.floor(p.z))) % 2 == 1:
            return self.color.scale(0.3)
        return self.color


class Shape:
    material: Material

    def __init__(self, material: Material) -> None:
        self.material = material

    def intersect(self, ray: Ray) -> float:
        """Distance along the ray to the nearest hit, or -1.0 for none."""
        raise NotImplementedError

    def normal_at(self, p: Vec) -> Vec:
        raise NotImplementedError


class Sphere(Shape):
    center: Vec
    radius: float

    def __init__(self, center: Vec, radius: float, material: Material) -> None:
        super().__init__(material)
        self.center = center
        self.radius = radius

    def intersect(self, ray: Ray) -> float:
        oc = ray.origin.sub(self.center)
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0.0:
            return -1.0
        sq = math.sqrt(disc)
        t = -b - sq
        if t > EPS:
            return t
        t = -b + sq
        if t > EPS:
            return t
        return -1.0

    def normal_at(self, p: Vec) -> Vec:
        return p.sub(self.center).normalized()


class Plane(Shape):
    point: Vec
    normal: Vec

    def __init__(self, point: Vec, normal: Vec, material: Material) -> None:
        super().__init__(material)
        self.point = point
        self.normal = normal.normalized()

    def intersect(self, ray: Ray) -> float:
        denom = self.normal.dot(ray.direction)
        if abs(denom) < EPS:
            return -1.0
        t = self.point.sub(ray.origin).dot(self.normal) / denom
        if t > EPS:
            return t
        return -1.0

    def normal_at(self, p: Vec) -> Vec:
        return self.normal


class Hit:
    shape: Shape
    t: float

    def __init__(self, shape: Shape, t: float) -> None:
        self.shape = shape
        self.t = t


class Scene:
    shapes: List[Shape]
    light: Vec
    ambient: float

    def __init__(self) -> None:
        self.shapes = []
        self.light = Vec(-5.0, 10.0, -5.0)
        self.ambient = 0.1

    def nearest(self, ray: Ray) -> Optional[Hit]:
        best: Optional[Hit] = None
        for s in self.shapes:
            t = s.intersect(ray)
            if t > 0.0 and (best is None or t < best.t):
                best = Hit(s, t)
        return best

    def shadowed(self, p: Vec, to_light: Vec, dist: float) -> bool:
        ray = Ray(p, to_light)
        for s in self.shapes:
            t = s.intersect(ray)
            if t > 0.0 and t < dist:
                return True
        return False

    def trace(self, ray: Ray, depth: int) -> Vec:
        hit = self.nearest(ray)
        if hit is None:
            # sky gradient
            k = 0.5 * (ray.direction.y + 1.0)
            return Vec(1.0, 1.0, 1.0).scale(1.0 - k).add(Vec(0.5, 0.7, 1.0).scale(k))
        p = ray.at(hit.t)
        mat = hit.shape.material
        normal = hit.shape.normal_at(p)
        base = mat.color_at(p)
        to_light = self.light.sub(p)
        dist = to_light.length()
        to_light = to_light.scale(1.0 / dist)
        color = base.scale(self.ambient)
        if not self.shadowed(p, to_light, dist):
            diffuse = normal.dot(to_light)
            if diffuse > 0.0:
                color = color.add(base.scale(diffuse))
            if mat.specular > 0.0:
                half = to_light.sub(ray.direction).normalized()
                spec = normal.dot(half)
                if spec > 0.0:
                    color = color.add(Vec(1.0, 1.0, 1.0).scale(mat.specular * spec ** 32))
        if mat.reflect > 0.0 and depth < MAX_DEPTH:
            d = ray.direction
            refl = d.sub(normal.scale(2.0 * d.dot(normal)))
            rc = self.trace(Ray(p, refl), depth + 1)
            color = color.scale(1.0 - mat.reflect).add(rc.scale(mat.reflect))
        return color


def make_scene() -> Scene:
    scene = Scene()
    scene.shapes.append(Plane(Vec(0.0, 0.0, 0.0), Vec(0.0, 1.0, 0.0),
                              Material(Vec(0.9, 0.9, 0.9), 0.0, 0.2, True)))
    scene.shapes.append(Sphere(Vec(0.0, 1.0, 3.0), 1.0, Material(Vec(0.9, 0.2, 0.2), 0.6, 0.3, False)))
    scene.shapes.append(Sphere(Vec(-2.2, 0.7, 4.0), 0.7, Material(Vec(0.2, 0.8, 0.3), 0.3, 0.1, False)))
    scene.shapes.append(Sphere(Vec(2.0, 0.5, 2.5), 0.5, Material(Vec(0.2, 0.3, 0.9), 0.8, 0.5, False)))
    scene.shapes.append(Sphere(Vec(0.8, 0.3, 1.2), 0.3, Material(Vec(0.9, 0.8, 0.1), 0.2, 0.0, False)))
    return scene


def quantize(c: float) -> int:
    if c <= 0.0:
        return 0
    if c >= 1.0:
        return 255
    return int(c * 255.0)


def bench(n: int) -> int:
    scene = make_scene()
    eye = Vec(0.0, 1.5, -3.0)
    checksum = 0
    for py in range(n):
        for px in range(n):
            u = (px + 0.5) / n * 2.0 - 1.0
            v = 1.0 - (py + 0.5) / n * 2.0
            direction = Vec(u, v * 0.8 - 0.15, 1.5).normalized()
            c = scene.trace(Ray(eye, direction), 0)
            pixel = (quantize(c.x) * 256 + quantize(c.y)) * 256 + quantize(c.z)
            checksum = (checksum * 1000003 + pixel) % MOD
    return checksum
