from functools import lru_cache
from typing import Optional


def mean(xs: list[float]) -> float:
    if not xs:
        raise ValueError("mean of an empty list")
    return sum(xs) / len(xs)


def variance(xs: list[float], ddof: int = 0) -> float:
    m = mean(xs)
    total = 0.0
    for x in xs:
        total += (x - m) ** 2
    return total / (len(xs) - ddof)


@lru_cache(maxsize=None)
def binomial(n: int, k: int) -> int:
    if k == 0 or k == n:
        return 1
    return binomial(n - 1, k - 1) + binomial(n - 1, k)


def median(xs: list[float]) -> Optional[float]:
    if not xs:
        return None
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
