"""Risk measures of a price series: the arithmetic of the program."""
import math


def rolling_volatility(prices, window):
    """The highest volatility of any `window` consecutive days, relative to their mean."""
    worst = 0.0
    for start in range(len(prices) - window):
        mean = 0.0
        for i in range(start, start + window):
            mean += prices[i]
        mean /= window
        var = 0.0
        for i in range(start, start + window):
            d = prices[i] - mean
            var += d * d
        vol = math.sqrt(var / (window - 1)) / mean
        if vol > worst:
            worst = vol
    return worst


def drawdown(prices):
    """The largest fall from a peak, as a fraction of the peak."""
    peak = prices[0]
    worst = 0.0
    for p in prices:
        if p > peak:
            peak = p
        elif (peak - p) / peak > worst:
            worst = (peak - p) / peak
    return worst
