"""Fannkuch-redux: for every permutation of 1..n, count the prefix reversals ("pancake
flips") until 1 comes first. Returns checksum * 1000 + max_flips, where checksum is the
sum of flip counts with alternating signs in permutation order (int and list loops)."""
from typing import Final, List, Tuple

DEFAULT_N: Final = 9


def count_flips(perm: List[int], work: List[int]) -> int:
    n = len(perm)
    for i in range(n):
        work[i] = perm[i]
    flips = 0
    first = work[0]
    while first != 0:
        # reverse work[0..first]
        lo = 0
        hi = first
        while lo < hi:
            t = work[lo]
            work[lo] = work[hi]
            work[hi] = t
            lo += 1
            hi -= 1
        flips += 1
        first = work[0]
    return flips


def fannkuch(n: int) -> Tuple[int, int]:
    perm = list(range(n))
    work = [0] * n
    # counters of the rotation-based permutation generator
    counts = [0] * n
    max_flips = 0
    checksum = 0
    sign = 1
    while True:
        flips = count_flips(perm, work)
        if flips > max_flips:
            max_flips = flips
        checksum += sign * flips
        sign = -sign
        # next permutation: rotate the prefix of length r+1 left by one,
        # for the smallest r whose counter has not wrapped
        r = 1
        while True:
            if r >= n:
                return checksum, max_flips
            first = perm[0]
            for k in range(r):
                perm[k] = perm[k + 1]
            perm[r] = first
            counts[r] += 1
            if counts[r] <= r:
                break
            counts[r] = 0
            r += 1


def bench(n: int) -> int:
    checksum, max_flips = fannkuch(n)
    return checksum * 1000 + max_flips
