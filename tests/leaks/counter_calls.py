"""Counter(x) from compiled code (runtime/counter.c): the counted path with in-place
bumps past 256, new keys, errors mid-iteration and unhashable keys, and the paths
called as written (a subclass, a Mapping, None)."""
from collections import Counter


class Tally(Counter):
    pass


def words(n):
    for i in range(n):
        yield "w%d" % (i % 3)


def bad(n):
    for i in range(n):
        if i == 5:
            raise ValueError("stop")
        yield i


def case_counted():
    c = Counter(w for w in words(900))
    d = Counter(i % 5 for i in range(700))
    return sorted(c.items()), sorted(d.items()), Counter("abcab")["a"]


def case_errors():
    out = []
    for it in (bad(10), [[1], [2]], 7):
        try:
            Counter(it)
        except (ValueError, TypeError) as e:
            out.append(str(e))
    return out


def case_called_as_written():
    return Tally("aab")["a"], Counter({"x": 2})["x"], len(Counter(None)), Counter(Counter("zz"))["z"]
