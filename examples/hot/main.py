"""Ranks simulated assets by risk: python main.py [ASSETS]."""
import sys

from helpers import format_row, make_prices
from risk import drawdown, rolling_volatility


def main(argv):
    assets = int(argv[1]) if len(argv) > 1 else 60
    scores = []
    for k in range(assets):
        prices = make_prices(k, 250)
        scores.append((rolling_volatility(prices, 20) + drawdown(prices), f"asset{k}"))
    scores.sort(reverse=True)
    for rank, (score, name) in enumerate(scores[:10], 1):
        print(format_row(name, score, rank))
    print(f"{assets} assets, mean risk {sum(s for s, _ in scores) / assets * 100:.3f}%")


if __name__ == "__main__":
    main(sys.argv)
