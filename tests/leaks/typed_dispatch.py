"""Typed classes (issue 19): casts that take over their operand's reference, on success
and on failure; calls the vtable sends to overrides; checks made again after calls."""
from typing import Any, Dict, List, Set, Tuple


class Shape:
    def __init__(self, k: int) -> None:
        self.k = k
        self.tags: List[str] = ["s"]

    def area(self) -> int:
        return self.k


class Sq(Shape):
    def __init__(self, k: int, side: int) -> None:
        super().__init__(k)
        self.side = side

    def area(self) -> int:
        return self.side * self.side + self.k + len(self.tags[0])


class Rect(Sq):
    def area(self) -> int:
        return self.side * 2 + self.k


class Holder:
    def __init__(self) -> None:
        self.cells: List[List[int]] = [[1], [2, 3]]
        self.name = "h"
        self.pair: Tuple[int, int] = (1, 2)
        self.d: Dict[str, int] = {"a": 1}
        self.s: Set[int] = {1}

    def sizes(self) -> int:
        return len(self.cells[0]) + len(self.cells[1]) + len(self.name) + self.pair[1] + self.d["a"] + len(self.s)


def total(shapes: List[Shape]) -> int:
    t = 0
    for s in shapes:
        t += s.area()
    return t


def firsts(items: List[Any]) -> int:
    t = 0
    for it in items:
        p: Shape = it
        t += p.k
    return t


def case_dispatch_overrides():
    return total([Shape(1), Sq(2, 3), Rect(4, 5), Sq(6, 7)])


def case_casts_succeed():
    h = Holder()
    return h.sizes() + h.sizes()


def case_cast_list_fails():
    h = Holder()
    bad: Any = 5
    h.cells = [[1], bad]
    try:
        return h.sizes()
    except TypeError:
        return "failed"   # interpreted: len(5); compiled: the cast to list


def case_cast_str_fails():
    h = Holder()
    bad: Any = ["not", "a", "str"]
    h.name = bad
    return h.sizes()


def case_cast_instance_fails():
    try:
        return firsts([Shape(1), Sq(2, 3), object()])
    except (TypeError, AttributeError):
        return "failed"   # interpreted: no attribute k; compiled: the cast to Shape


def case_cast_instance_succeeds():
    return firsts([Shape(1), Sq(2, 3), Rect(1, 1)])
