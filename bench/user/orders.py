"""Order records as NamedTuples: parsed from text lines, filtered, grouped with
dict() and set(), and totalled per customer."""
from typing import NamedTuple

DEFAULT_N = 40000


class Order(NamedTuple):
    customer: str
    sku: str
    qty: int
    price: float


def parse(line: str) -> Order:
    cust, sku, qty, price = line.split(",")
    return Order(cust, sku, int(qty), float(price))


def make_lines(n):
    lines = []
    for i in range(n):
        lines.append(f"c{i % 97},s{(i * 7) % 53},{1 + i % 9},{(i % 40) * 0.25 + 1.0}")
    return lines


def summarize(orders):
    totals = dict()
    skus = dict()
    big = set()
    for o in orders:
        amount = o.qty * o.price
        totals[o.customer] = totals.get(o.customer, 0.0) + amount
        skus.setdefault(o.customer, set()).add(o.sku)
        if amount > 50:
            big.add(o.customer)
    return totals, skus, big


def main(n=DEFAULT_N):
    orders = [parse(line) for line in make_lines(n)]
    orders = [o for o in orders if o.qty > 1]
    totals, skus, big = summarize(orders)
    best = max(totals, key=lambda c: totals[c])
    return round(sum(totals.values()), 2), best, len(big), sum(len(s) for s in skus.values())
