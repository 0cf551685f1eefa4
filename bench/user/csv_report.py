"""CSV-like text: split lines and fields, convert, aggregate with defaultdict."""
from collections import defaultdict

DEFAULT_N = 40000


def make_csv(n):
    rows = ["region,product,units,price"]
    for i in range(n):
        rows.append(f"r{i % 9},p{i % 23},{i % 17},{(i * 37) % 500 / 10}")
    return "\n".join(rows)


def report(text):
    lines = text.splitlines()
    header = lines[0].split(",")
    revenue = defaultdict(float)
    units = defaultdict(int)
    for line in lines[1:]:
        fields = dict(zip(header, line.split(",")))
        u = int(fields["units"])
        revenue[fields["region"]] += u * float(fields["price"])
        units[fields["product"]] += u
    return revenue, units


def main(n=DEFAULT_N):
    revenue, units = report(make_csv(n))
    return int(sum(revenue.values())) + sum(units.values())
