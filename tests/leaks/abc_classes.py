"""Native classes derived from abc.ABC: construction, calls through the hierarchy, the
refused call of an abstract class, and virtual subclasses passed as typed values."""
from abc import ABC, abstractmethod
from typing import List


class Node(ABC):
    def __init__(self, weight: float):
        self.weight = weight
        self.tags: List[str] = []

    @abstractmethod
    def cost(self) -> float: ...

    def tagged(self, t: str) -> int:
        self.tags.append(t)
        return len(self.tags)


class Leaf(Node):
    def cost(self) -> float:
        return self.weight * 2.0


class Duck:
    def __init__(self):
        self.weight = 1.5
        self.tags = []

    def cost(self):
        return 7.0

    def tagged(self, t):
        return 0


Node.register(Duck)


def total(nodes: List[Node]) -> float:
    t = 0.0
    for n in nodes:
        t += n.cost() + n.tagged("x")
    return t


def case_hierarchy():
    return total([Leaf(float(i)) for i in range(20)] + [Duck()])


def case_abstract_refused():
    try:
        Node(1.0)
    except TypeError as e:
        return str(e)
