"""Slow paths out of line (runtime Pyc2c_CastFailSteal, Pyc2c_CastInstanceStealSlow,
Pyc2c_LeafCastInstanceSteal, Pyc2cFloat_UnboxOSlow): a failed cast releases the value
it took once, a cast of a subclass instance keeps no extra reference, a float read from
an int or bool owns nothing after."""
from typing import List, Optional


class Base:
    def __init__(self, n: int) -> None:
        self.n = n

    def val(self) -> int:
        return self.n


class S0(Base):
    def val(self) -> int:
        return self.n + 1


class S1(Base):
    pass


class S2(S0):
    pass


class S3(S1):
    def val(self) -> int:
        return -self.n


class S4(Base):
    pass


class S5(S4):
    pass


class S6(S5):
    pass


class S7(Base):
    pass


class S8(S7):
    pass


KINDS = [Base, S0, S1, S2, S3, S4, S5, S6, S7, S8]


class Leaf:
    def __init__(self, n: int) -> None:
        self.n = n


class PyLeaf(Leaf):
    pass


def leaf(x) -> Leaf:
    b: Leaf = x
    return b


def maybe_leaf(x) -> Optional[Leaf]:
    b: Optional[Leaf] = x
    return b


def first(x) -> Base:
    b: Base = x
    return b


def maybe(x) -> Optional[Base]:
    b: Optional[Base] = x
    return b


def as_str(x) -> str:
    s: str = x
    return s


def as_list(x) -> List[int]:
    lst: List[int] = x
    return lst


def fsum_any(xs) -> float:
    t = 0.0
    for x in xs:
        f: float = x
        t += f
    return t


def total(xs: List[Base]) -> int:
    t = 0
    for x in xs:
        t += x.val() + first(x).n
    return t


def case_family_walk():
    xs: List[Base] = [KINDS[(i * 3) % len(KINDS)](i) for i in range(40)]
    return total(xs), total(xs[::-1])


def case_failed_casts():
    out = []
    for v in [3, "s", [1], None, b"x", (1, 2), 2.5]:
        for f in (first, maybe, as_str, as_list, leaf, maybe_leaf):
            try:
                out.append(type(f(v)).__name__)
            except TypeError as e:
                out.append(str(e)[:30])
    return len(out)   # compiled casts raise where the interpreter passes values on


def case_leaf_casts():
    t = 0
    for v in [Leaf(1), PyLeaf(2), None, Leaf(3)]:
        b = maybe_leaf(v)
        t += 0 if b is None else leaf(b).n
    return t


def case_float_reads():
    out = []
    for v in [[1, 2.5], [True, 0.5], [10 ** 20, 1.0], [1.0, "x"], [None], [10 ** 400]]:
        try:
            out.append(fsum_any(v))
        except (TypeError, OverflowError) as e:
            out.append(type(e).__name__)
    return out


class Tag:
    def __repr__(self) -> str:
        return "Tag()"

    def __format__(self, spec: str) -> str:
        raise ValueError("no format")


def pieces(xs: List[int]) -> List[str]:
    return [f"{str(x)!r}:{[x]}" for x in xs]


def case_releasing_pieces_and_appends():
    out = pieces(list(range(50)))      # appends past the list's room (the growth path)
    try:
        out.append(f"{Tag()}")          # a piece whose format fails releases its value
    except ValueError as e:
        out.append(str(e))
    return len(out), out[:3], out[-1]
