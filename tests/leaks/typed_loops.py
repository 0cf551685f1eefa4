"""Native loops over typed dicts, views, sets, enumerate and zip; typed slices and
tuple unpacking (build_loops.c, runtime/loops.h, runtime/slices.c)."""
from typing import Dict, List, Set, Tuple


class SubDict(dict):
    pass


def case_dict_items_split() -> int:
    d: Dict[str, int] = {str(i): i for i in range(50)}
    total = 0
    for k, v in d.items():
        total += len(k) + v
    for k in d:
        total += d[k]
    for v in d.values():
        total += v
    return total


def case_dict_items_whole_and_subclass() -> int:
    d: Dict[str, int] = SubDict([(str(i), i) for i in range(20)])
    out: List[Tuple[str, int]] = []
    for kv in d.items():
        out.append(kv)
    for k, v in d.items():
        out.append((k, v))
    return len(out)


def case_dict_changed_size() -> int:
    d: Dict[int, int] = {i: i for i in range(10)}
    n = 0
    try:
        for k, v in d.items():
            d[k + 100] = v
    except RuntimeError:
        n += 1
    return n


def case_set_loop() -> int:
    s: Set[int] = set(range(40))
    s.discard(3)
    t = 0
    for x in s:
        t += x
    try:
        for x in s:
            s.add(x + 1000)
    except RuntimeError:
        t += 1
    return t


def case_enumerate_zip() -> int:
    xs: List[str] = [str(i) for i in range(30)]
    d: Dict[str, int] = {x: len(x) for x in xs}
    t = 0
    for i, (a, (k, v)) in enumerate(zip(xs, d.items()), 10**20):
        t += len(a) + v + (1 if i > 0 else 0)
    for p in zip(xs, xs[1:]):
        t += len(p)
    return t


def case_slices_unpack() -> int:
    xs: List[int] = list(range(100))
    s = "abcdefgh" * 5
    t = 0
    for i in range(20):
        ys = xs[i:-i]
        t += len(ys) + len(s[i:]) + len(s[:i])
        a, b = (i, ys)
        t += a + len(b)
    return t


def case_constant_displays() -> int:
    # walked as one tuple constant (build_const_tuple); items kept past the loop
    kept = []
    t = 0
    for dx, dy in [(-1, 0), (1, 0), (0, -1), (0, 1)]:
        t += dx * 3 + dy
    for item in [(1, 2.5, None), ((3, 4), False)]:
        kept.append(item)
    for v in (5, 6, 7):
        if v == 6:
            break
        t += v
    return t + len(kept) + sum([a * b for a, b in [(2, 3), (4, 5)]])
