"""sum_loop past 2**63: `total += i * i` over a range whose total leaves the machine word.

Each round's total passes 2**62 (pyc2c's short ints), 2**63 and 2**64 (n**3 / 3 > 2**64
for n >= 3_810_000) and stays below 2**127, so the loop measures how arithmetic past the
machine word is held, not the generic big-int path: CPython allocates a new int per
step once the total is past 2**30."""
from typing import Final

DEFAULT_N: Final = 4000000
ROUNDS: Final = 4
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
