"""A dict/list data pipeline: group records, aggregate, sort, report."""

DEFAULT_N = 40000


def make_records(n):
    cities = ["Oslo", "Lima", "Pune", "Graz", "Kobe", "Nice"]
    out = []
    for i in range(n):
        out.append({"id": i, "city": cities[i % len(cities)], "age": 18 + i * 7 % 60,
                    "spend": (i * 131 % 1000) / 10.0})
    return out


def summarize(records: list):
    groups = {}
    for r in records:
        groups.setdefault(r["city"], []).append(r)
    report = []
    for city, rs in groups.items():
        spend = [r["spend"] for r in rs]
        adults = [r for r in rs if r["age"] >= 30]
        report.append((city, len(rs), sum(spend) / len(spend), len(adults)))
    report.sort(key=lambda t: (-t[2], t[0]))
    return report


def main(n=DEFAULT_N):
    recs = make_records(n)
    total = 0
    for _ in range(5):
        for city, count, avg, adults in summarize(recs):
            total += count + int(avg * 100) + adults
    return total
