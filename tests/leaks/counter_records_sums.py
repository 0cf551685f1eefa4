"""runtime/dict.c Pyc2c_ObjSubscrIAdd, runtime/build.c dict display templates and
runtime/sum.c float sums: `counts[w] += 1` (bumped in place, the generic path, errors
partway), records made from templates (values of every kind, repeated keys), and sums
of float lists handed to the builtin partway: nothing kept per call."""
from collections import Counter


def count(words, counts):
    for w in words:
        counts[w] += 1
    return counts


def case_counter():
    words = ["a", "b", "a"] * 200 + ["c"] * 300
    c = count(words, Counter())
    d = count(words, {"a": 1000, "b": 300, "c": 5})
    return sorted(c.items()), sorted(d.items())


def case_counter_errors():
    out = []
    for bad in ({"s": "x"}, {}, {"l": [1]}):
        try:
            count(["s", "l", "z"], bad)
        except (TypeError, KeyError) as e:
            out.append(type(e).__name__)
    return out


def rec(i, tags):
    return {"id": i, "tags": tags, "score": i / 4, "name": "n"}


def case_records():
    rows = [rec(i, [i] if i % 2 else (i, "t")) for i in range(300)]
    dup = [{"a": i, "b": 2, "a": [i]} for i in range(50)]
    return len(rows), rows[-1], dup[-1]


def total(xs):
    return sum(xs)


def case_float_sums():
    xs = [i / 7 for i in range(500)]
    return total(xs), total([1, 2, 0.5, 2 ** 70, 0.25]), total([0.5, "x"] if False else [0.5, 3, 1.5])
