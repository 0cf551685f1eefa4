"""try/except in a hot loop: a third of the iterations raise and catch ValueError, the
rest run through the protected block and a finally; a known weakness of compiled code
(setting up handlers and matching exceptions must not cost more than the interpreter)."""
from typing import Final

DEFAULT_N: Final = 1000000
MOD: Final = 1000000007


class ParseError(ValueError):
    pass


def parse(i: int) -> int:
    if i % 3 == 0:
        raise ParseError(i)
    return i * 7


def sum_parsed(n: int) -> int:
    total = 0
    misses = 0
    for i in range(n):
        try:
            total += parse(i)
        except ParseError:
            misses += 1
        except (KeyError, IndexError):
            misses -= 1
        finally:
            total += 1
    return (total + misses * 13) % MOD


def lookups(n: int) -> int:
    table = {k: k * 3 for k in range(0, 1000, 2)}
    found = 0
    for i in range(n):
        try:
            found += table[i % 1000]
        except KeyError as e:
            found += len(e.args)
    return found


def bench(n: int) -> int:
    return (sum_parsed(n) * 31 + lookups(n)) % MOD
