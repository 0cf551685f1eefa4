"""Untyped list-of-lists matrix multiply and transpose."""

DEFAULT_N = 70


def matmul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    out = [[0] * p for _ in range(n)]
    for i in range(n):
        row = a[i]
        for k in range(m):
            aik = row[k]
            bk = b[k]
            orow = out[i]
            for j in range(p):
                orow[j] += aik * bk[j]
    return out


def transpose(a):
    return [list(col) for col in zip(*a)]


def main(n=DEFAULT_N):
    a = [[(i * j) % 7 for j in range(n)] for i in range(n)]
    b = transpose(a)
    c = matmul(a, b)
    return sum(sum(r) for r in c)
