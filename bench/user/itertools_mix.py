"""itertools: combinations, groupby, accumulate, chain, product."""
import itertools

DEFAULT_N = 60


def main(n=DEFAULT_N):
    nums = list(range(n))
    total = 0
    for a, b, c in itertools.combinations(nums, 3):
        if (a + b + c) % 7 == 0:
            total += a * b - c
    data = sorted((i % 11, i) for i in range(n * 50))
    for key, group in itertools.groupby(data, key=lambda t: t[0]):
        total += key * sum(1 for _ in group)
    total += sum(itertools.accumulate(range(n * 100)))
    for x, y in itertools.product(range(n), repeat=2):
        if x == y:
            total += x
    return total
