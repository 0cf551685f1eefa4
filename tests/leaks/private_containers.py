"""Private containers of unannotated functions typed by their stores
(sema/private_containers.c): typed element reads, stores, views, errors part-way."""


class _P:
    def __init__(self, x, v):
        self.x = x
        self.v = v


def case_counts():
    counts = {}
    for w in "a b c a b a d e f a".split():
        counts[w] = counts.get(w, 0) + 1
    total = 0
    for w, n in counts.items():
        total += n * len(w)
    return total, max(counts.values())


def case_floats_and_instances():
    acc = []
    ps = []
    t = 0.0
    for i in range(30):
        t += i * 0.5
        acc.append(t)
        ps.append(_P(i * 1.0, 0.25))
    for p in ps:
        p.x += p.v
    return sum(acc), ps[-1].x, len(ps)


def case_errors_part_way():
    d = {"a": 1.5}
    xs = [1, 2, 3]
    out = 0.0
    for k in ("a", "b", "a"):
        try:
            out += d[k] + xs[len(k) * 5]
        except (KeyError, IndexError):
            out += 1
    return out


def case_mixed_becomes_objects():
    out = []
    for i in range(20):
        out.append(i)
    out.append("end")
    big = [2**70]
    big.append(big[-1] * 3)
    return len(out), out[-1], big[-1] % 1000
