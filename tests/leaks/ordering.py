"""Ordering without calls (runtime/order.c, heapq.c): heapq's push and pop, items taken
and released on every path, including a comparison that raises, a heap a comparison
grows, heaps that are not lists and the pop of an empty heap; min/max of an iterable
with ties, errors from the iterator or a comparison, and empty iterables."""
import heapq


class Grow:
    def __init__(self, heap, v):
        self.heap = heap
        self.v = v

    def __lt__(self, other):
        self.heap.append(Grow(self.heap, 0))
        return self.v < other.v


class Bad:
    def __lt__(self, other):
        raise ValueError("no order")


def churn(n: int) -> int:
    h = []
    for i in range(n):
        heapq.heappush(h, ((i * 7919) % 101, f"job{i}", (i, 2 ** 70 + i)))
    total = 0
    while len(h) > 3:
        p, name, _ = heapq.heappop(h)
        total += p
        if p % 5 == 0 and p < 200:
            heapq.heappush(h, (p + 200, name, None))
    total += heapq.heapreplace(h, (1, "r", 1.5))[0]
    total += heapq.heappushpop(h, (0, "pp", 0))[0]
    total += heapq.heappushpop(h, (500, "pq", 0))[0]
    return total


def case_churn():
    return churn(150)


def case_errors():
    out = []
    for f in (lambda: heapq.heappush([1, 2], Bad()), lambda: heapq.heappop([]),
              lambda: heapq.heapreplace([], 1), lambda: heapq.heappush((), 1),
              lambda: heapq.heappop([Bad(), Bad(), Bad()])):
        try:
            f()
        except (ValueError, IndexError, TypeError) as e:
            out.append(type(e).__name__)
    h = []
    heapq.heappush(h, Grow(h, 5))
    try:
        heapq.heappush(h, Grow(h, 1))
    except RuntimeError as e:
        out.append(str(e))
    return out


def case_heapify():
    out = []
    for n in (40, 2600):
        h = [((i * 7919) % 1009, f"x{i}", (i, 2 ** 70 + i)) for i in range(n)]
        heapq.heapify(h)
        out.append(heapq.heappop(h)[1])
    for h in ((), [Bad(), Bad(), Bad()], None):
        try:
            heapq.heapify(h)
        except (ValueError, TypeError) as e:
            out.append(type(e).__name__)
    h = []
    for v in range(20):
        h.append(Grow(h, v % 7))
    try:
        heapq.heapify(h)
    except RuntimeError as e:
        out.append(str(e))
    return out


def broken():
    yield 2
    yield 1
    raise KeyError("iterator")


def case_min_max_of():
    out = [max([(1, "a"), (2, "b"), (2, "c")]), min({"x": 1, "b": 2}), max(v * 2 ** 70 for v in range(5))]
    for xs in ([], [1, "a"], broken(), [Bad(), Bad()], [(1, None), (1, 2)]):
        try:
            out.append(max(xs))
        except (ValueError, TypeError, KeyError) as e:
            out.append(type(e).__name__)
    return out
