"""List-comprehension idioms: filter and map over a list of ints, a nested
comprehension, a conditional expression inside one, and sum() of the results.

bench(n) builds the data with an LCG and runs the comprehensions over it several times."""
from typing import Final, List

DEFAULT_N: Final = 500000
ROUNDS: Final = 5
MOD: Final = (1 << 61) - 1


def make_data(n: int) -> List[int]:
    seed = 2024
    data: List[int] = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        data.append(seed % 100000 - 50000)
    return data


def round_checksum(data: List[int], r: int) -> int:
    evens = [x for x in data if x % 2 == 0]
    squares = [x * x for x in evens]
    shifted = [x + r if x > 0 else -x - r for x in data]
    pairs = [a * 3 - b for a, b in zip(data, shifted)]
    small = [x // 7 for x in pairs if -1000 < x < 1000]
    chunks = [[v % 10 for v in data[i:i + 8]] for i in range(0, len(data), 1024)]
    flat = [v for chunk in chunks for v in chunk]
    return (sum(squares) + sum(shifted) * 3 + sum(pairs) + len(small) * 7 + sum(small)
            + sum(flat) * 11 + len(evens)) % MOD


def bench(n: int) -> int:
    data = make_data(n)
    checksum = 0
    for r in range(ROUNDS):
        checksum = (checksum * 1000003 + round_checksum(data, r)) % MOD
    return checksum
