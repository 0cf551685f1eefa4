"""N-queens by backtracking over lists of occupied columns and diagonals; returns the
number of solutions times 1000 plus a position-weighted sum over the solutions' first
rows (int and list loops, recursion)."""
from typing import Final, List

DEFAULT_N: Final = 12


def place(row: int, n: int, queens: List[int], cols: List[bool],
          diag1: List[bool], diag2: List[bool], acc: List[int]) -> None:
    if row == n:
        acc[0] += 1
        weight = 0
        for r in range(n):
            weight = weight * 7 + queens[r]
        acc[1] = (acc[1] + weight) % 1000000007
        return
    for c in range(n):
        d1 = row + c
        d2 = row - c + n - 1
        if cols[c] or diag1[d1] or diag2[d2]:
            continue
        cols[c] = True
        diag1[d1] = True
        diag2[d2] = True
        queens[row] = c
        place(row + 1, n, queens, cols, diag1, diag2, acc)
        cols[c] = False
        diag1[d1] = False
        diag2[d2] = False


def solve(n: int) -> List[int]:
    acc = [0, 0]
    place(0, n, [0] * n, [False] * n, [False] * (2 * n), [False] * (2 * n), acc)
    return acc


def bench(n: int) -> int:
    acc = solve(n)
    return acc[0] * 1000000007 + acc[1]
