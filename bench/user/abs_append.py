"""List building: result.append(abs(item)) and friends over typed lists."""

DEFAULT_N = 300000


def absolutes(items: list[int]) -> list[int]:
    result = []
    for item in items:
        result.append(abs(item))
    return result


def clipped(items: list[int], lo: int, hi: int) -> list[int]:
    out = []
    for x in items:
        out.append(min(max(x, lo), hi))
    return out


def main(n=DEFAULT_N):
    items = [(i * 7919) % 2001 - 1000 for i in range(n)]
    a = absolutes(items)
    c = clipped(items, -500, 500)
    return sum(a) + sum(c)
