"""A generator pipeline over log lines: read, parse, filter, aggregate."""

DEFAULT_N = 60000


def make_lines(n):
    levels = ["INFO", "WARN", "ERROR", "DEBUG"]
    for i in range(n):
        yield f"2024-01-{i % 28 + 1:02d} {levels[i * 7 % 4]} service{i % 13} took {i * 37 % 1000}ms"


def parse(lines):
    for line in lines:
        date, level, service, _, took = line.split()
        yield date, level, service, int(took[:-2])


def only(records, level):
    for rec in records:
        if rec[1] == level:
            yield rec


def main(n=DEFAULT_N):
    slow = 0
    per_service = {}
    for date, level, service, ms in only(parse(make_lines(n)), "ERROR"):
        per_service[service] = per_service.get(service, 0) + ms
        if ms > 500:
            slow += 1
    total = sum(ms for _, _, _, ms in parse(make_lines(n // 4)))
    return slow + sum(per_service.values()) + total
