"""`for` over untyped values walked by index (exact lists and tuples) or by iterator
(subclasses, generators), left by break, return and exceptions; private heaps whose
pops are typed."""
import heapq


class Rev(list):
    def __iter__(self):
        return iter(list(reversed(self)))


def walk(xs, stop):
    out = []
    for x in xs:
        if x == stop:
            break
        out.append(x)
    return out


def first_big(xs):
    for x in xs:
        if x > 10:
            return x
    return None


def divide(xs):
    total = 0
    for x in xs:
        total += 100 // x
    return total


def gen(xs):
    for x in xs:
        yield x * 2


def case_untyped_loops():
    xs = [1, 2, 3, "a", (4, 5)]
    r = walk(xs, "a") + walk((7, 8, 9), 8) + walk(Rev([1, 2]), None)
    return r, first_big([1, 20, 3]), first_big((5,)), list(gen([1, 2])), sum(gen((3, 4)))


def case_untyped_loop_errors():
    try:
        divide([5, 0, 1])
    except ZeroDivisionError as e:
        return str(e), divide((1, 2)), [x for x in [object(), object()] if x is None]


def case_generator_closed_mid_loop():
    g = gen([10, 20, 30])
    a = next(g)
    g.close()
    return a


def case_private_heap():
    h = []
    for i in range(50):
        heapq.heappush(h, ((i * 37) % 11, i, f"n{i}"))
    out = 0
    while h:
        p, i, name = heapq.heappop(h)
        out += p * i + len(name)
        if i % 7 == 0 and p < 9:
            heapq.heappush(h, (p + 2, i + 1, name))
    try:
        heapq.heappop(h)
    except IndexError:
        out += 1
    return out
