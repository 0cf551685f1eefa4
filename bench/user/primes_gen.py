"""Primes from generators: trial division and an incremental sieve."""
import itertools

DEFAULT_N = 6000


def primes():
    composites = {}
    q = 2
    while True:
        if q not in composites:
            yield q
            composites[q * q] = [q]
        else:
            for p in composites[q]:
                composites.setdefault(p + q, []).append(p)
            del composites[q]
        q += 1


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    return all(n % d for d in range(2, int(n ** 0.5) + 1))


def main(n=DEFAULT_N):
    first = list(itertools.islice(primes(), n))
    count = sum(1 for k in range(n * 4) if is_prime(k))
    return sum(first) + count
