"""Spectral norm of the infinite matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1),
truncated to n x n, by 10 rounds of the power method on A^T A (float kernel, lists).

Returns the norm scaled by 1e9 and truncated; bench/c/spectral_norm.c matches it."""
import math
from typing import Final, List

DEFAULT_N: Final = 300


def a_elem(i: int, j: int) -> float:
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def mul_av(v: List[float], out: List[float]) -> None:
    n = len(v)
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a_elem(i, j) * v[j]
        out[i] = s


def mul_atv(v: List[float], out: List[float]) -> None:
    n = len(v)
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a_elem(j, i) * v[j]
        out[i] = s


def mul_atav(v: List[float], out: List[float], tmp: List[float]) -> None:
    mul_av(v, tmp)
    mul_atv(tmp, out)


def bench(n: int) -> int:
    u = [1.0] * n
    v = [0.0] * n
    tmp = [0.0] * n
    for _ in range(10):
        mul_atav(u, v, tmp)
        mul_atav(v, u, tmp)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return int(math.sqrt(vbv / vv) * 1e9)
