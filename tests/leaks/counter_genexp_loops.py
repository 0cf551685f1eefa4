"""Counter(genexp) and x.update(genexp) run as counting loops (ir/build_counter.c): the
counted paths, errors inside the genexp body and in the counting (PEP 479's step and the
consumer's own errors), and the fallbacks that make the twin's generator (a subclass, a
rebound name, another receiver); PEP 479 in sum/list/set loops too."""
from collections import Counter


class Tally(Counter):
    pass


class Other:
    def update(self, it):
        return sorted(it)


def case_counted():
    c = Counter(w.lower() for w in "a B c A b".split() * 100 if w)
    d = Counter(i % 5 for i in range(700))
    e = Counter()
    e.update(x % 3 for x in range(600))
    e.update(str(x) for x in range(4))
    return sorted(c.items()), sorted(d.items()), sorted(e.items(), key=str)


def case_errors():
    out = []
    for xs in ([1, 0, 2], [1, [2]], [3]):
        try:
            Counter(10 // x if x != 3 else next(iter(())) for x in xs)
        except (ZeroDivisionError, TypeError, RuntimeError) as exc:
            out.append(type(exc).__name__)
        c = Counter("ab")
        try:
            c.update(10 // x if x != 3 else next(iter(())) for x in xs)
        except (ZeroDivisionError, TypeError, RuntimeError) as exc:
            out.append(type(exc).__name__)
        for fold in (sum, list, set):
            try:
                fold(x if x != 3 else next(iter(())) for x in xs)
            except (TypeError, RuntimeError) as exc:
                out.append(type(exc).__name__)
    return out


def case_fallbacks():
    Counter2 = Tally
    a = Counter2(x for x in "abca")
    b = Other().update(x for x in "cab")
    t = Tally()
    t.update(x for x in "zz")
    return sorted(a.items()), b, sorted(t.items())
