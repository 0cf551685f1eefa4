"""Sieve of Eratosthenes over a list of bools; returns count * 1_000_003 + sum of primes
modulo 2**61 - 1 (int and list loops)."""
from typing import Final, List

DEFAULT_N: Final = 5000000
MOD: Final = (1 << 61) - 1


def sieve(n: int) -> List[bool]:
    is_prime = [True] * (n + 1)
    is_prime[0] = False
    if n >= 1:
        is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            j = i * i
            while j <= n:
                is_prime[j] = False
                j += i
        i += 1
    return is_prime


def bench(n: int) -> int:
    flags = sieve(n)
    count = 0
    total = 0
    for k in range(n + 1):
        if flags[k]:
            count += 1
            total += k
    return (count * 1000003 + total) % MOD
