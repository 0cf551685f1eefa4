"""Input data and output formatting for the risk report."""
import random


def make_prices(seed, n):
    """A random walk of n daily prices starting at 100."""
    rng = random.Random(seed)
    price = 100.0
    prices = []
    for _ in range(n):
        price *= 1.0 + rng.gauss(0.0, 0.01)
        prices.append(round(price, 2))
    return prices


def format_row(name, score, rank):
    return f"{rank:>3}. {name:<10} {score * 100:7.3f}%"
