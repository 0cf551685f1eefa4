"""Typed NamedTuple instances (sema/named_tuple.c): constructions made without the
generated __new__ (defaults, keywords, a missing field's TypeError), typed field reads
checked as annotated (a wrong value's TypeError), instances in containers."""
from typing import NamedTuple, Optional


class Order(NamedTuple):
    sku: str
    qty: int
    price: float = 1.0
    note: Optional[str] = None


def case_constructions():
    out = []
    for i in range(30):
        out.append(Order("a", i))
        out.append(Order(sku="b", qty=i, note="n" * (i % 3)))
        out.append(Order("c", i, 2.5, "x"))
    return len(out)


def case_bad_constructions():
    n = 0
    for i in range(20):
        try:
            Order("a")
        except TypeError:
            n += 1
        try:
            Order("a", 1, qty=i)
        except TypeError:
            n += 1
    return n


def case_typed_reads():
    orders = [Order("s" + str(i), i, i * 0.5) for i in range(40)]
    t = 0.0
    for o in orders:
        t += o.qty * o.price
        if o.note is not None:
            t += len(o.note)
    return t


def case_wrong_field_values():
    n = 0
    for i in range(20):
        o = Order("a", "not an int", 1.0)
        try:
            n += o.qty + 1
        except TypeError:
            n -= 1
    return n
