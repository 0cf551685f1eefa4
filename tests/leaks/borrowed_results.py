"""Borrowed accessor results and field reads (compiler/pass/borrow.c): the borrowed path,
the owned path (a Python subclass's property, an overridden accessor), the reference
taken where a field op leaves its fast path, and an unset field raising."""
from typing import List, Optional, cast


class Var:
    def __init__(self, value: int) -> None:
        self.value = value
        self.link: Optional["Var"] = None


class Con:
    def __init__(self, v1: Var, v2: Var) -> None:
        self.v1 = v1
        self.v2 = v2

    def input(self) -> Var:
        return self.v1

    def output(self) -> Var:
        return self.v2

    def execute(self) -> int:
        self.output().value = self.input().value + 1
        return self.v1.value + self.v2.value


def _loud_value(self):
    return 3


def _loud_set(self, v):
    pass


# made at import, as Python classes: the compiled classes keep their layouts
Loud = type("Loud", (Var,), {"value": property(_loud_value, _loud_set)})
Swapped = type("Swapped", (Con,), {"input": lambda self: self.v2})


def run(cs: List[Con]) -> int:
    t = 0
    for c in cs:
        t += c.execute()
        if c.v1.link is None:
            t += 1
    return t


def case_borrowed():
    return run([Con(Var(i), Var(0)) for i in range(10)])


def case_owned_and_promoted():
    loud = [cast(Var, Loud(1)), cast(Var, Loud(0))]
    return run([Con(loud[0], Var(0)), Con(Var(2), loud[1]), Swapped(Var(3), Var(4))])


def case_unset_field():
    v = Var(1)
    del v.value
    try:
        return Con(v, Var(0)).execute()
    except AttributeError as e:
        return str(e)
