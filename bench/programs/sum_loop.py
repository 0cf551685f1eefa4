"""`total += i * i` over a range: the simplest int loop.

Each round's total stays below 2**63 (n**3 / 3 < 2**63 for n <= 3_000_000), so the
loop measures machine-word arithmetic, not big-int arithmetic."""
from typing import Final

DEFAULT_N: Final = 2000000
ROUNDS: Final = 8
MOD: Final = 1000000007


def sum_squares(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def bench(n: int) -> int:
    checksum = 0
    for r in range(ROUNDS):
        checksum = (checksum * 31 + sum_squares(n - r)) % MOD
    return checksum
