"""Workloads of session 19's review: bool overrides read through the base, fused genexps
failing inside (their <genexpr> traceback entries), typed dict get/setdefault with keys
of other types, split pairs, dict probes of str subclass keys, f-string ints."""
import heapq
from dataclasses import dataclass


class Plain:
    def size(self) -> int:
        return 1

    @property
    def weight(self) -> int:
        return 2


class PFlag(Plain):
    def size(self) -> bool:
        return False

    @property
    def weight(self) -> bool:
        return True


@dataclass(slots=True)
class Slotted:
    x: int
    y: int = 3


class Key(str):
    def __hash__(self) -> int:
        return hash(str(self))


def sizes(xs: list[Plain]) -> list:
    return [(x.size(), x.weight) for x in xs]


def total_keys(rows: list) -> int:
    return sum(r["k"] for r in rows)


def any_neg(xs: list) -> bool:
    return any(x < 0 for x in xs)


def ints(d: dict[int, str], keys: list) -> list:
    return [d.get(k, "?") for k in keys]


def groups(d: dict[int, list], keys: list) -> int:
    n = 0
    for k in keys:
        d.setdefault(k, []).append(k)
        n += len(d[k])
    return n


def pair(s: str) -> tuple[str, str]:
    a, b = s.split("=")
    return a, b


def label(n: int, tag: str) -> str:
    return f"[{tag}] {n} of {n * 3}"


def case_bool_overrides():
    return sizes([PFlag(), Plain(), PFlag()])


def case_genexp_errors():
    out = []
    for rows in ([{"k": 1}, {}], [{"k": 2}, {"k": 3}]):
        try:
            out.append(total_keys(rows))
        except KeyError as e:
            out.append(str(e))
    try:
        any_neg([1, "a"])
    except TypeError as e:
        out.append(type(e).__name__)
    return out


def case_dict_keys_of_other_types():
    d = {1: "one", 0: "zero"}
    out = ints(d, [1, 1.0, True, "x", None, 2**70])
    g: dict[int, list] = {}
    out.append(groups(g, [1, 1.0, 2, 2.0, True]))
    try:
        ints(d, [[]])
    except TypeError as e:
        out.append(str(e))
    return out


def case_split_pairs_and_fstrings():
    out = [pair("a=b"), label(2**70, "big"), label(-5, Key("k"))]
    for s in ("a", "a=b=c"):
        try:
            pair(s)
        except ValueError as e:
            out.append(str(e))
    d = {"a": 1}
    out.append(d.get(Key("a")))
    h = [(3, "c"), (1, "a")]
    heapq.heapify(h)
    out.append(heapq.heappop(h))
    return out


def case_slots_dataclass():
    s = Slotted(1)
    s.y += 1
    return (s, Slotted(2, 5) == Slotted(2, 5), type(Slotted.y).__name__)
