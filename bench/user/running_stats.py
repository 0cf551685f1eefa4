"""Running statistics with generator expressions and sum/min/max."""

DEFAULT_N = 50000


def window_means(xs, k):
    for i in range(len(xs) - k + 1):
        yield sum(xs[i:i + k]) / k


def main(n=DEFAULT_N):
    xs = [((i * 7919) % 1000) / 10.0 for i in range(n)]
    mean = sum(xs) / len(xs)
    var = sum((x - mean) ** 2 for x in xs) / len(xs)
    spread = max(x for x in xs) - min(x for x in xs)
    above = sum(1 for x in xs if x > mean)
    wm = max(window_means(xs[:5000], 20))
    return int(var * 100) + int(spread) + above + int(wm)
