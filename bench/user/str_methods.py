"""str methods with arguments: strip, split, replace, startswith, find, count."""

DEFAULT_N = 40000


def make_lines(n):
    return [f"  key{i % 50}=value {i};tag:{i % 3}  " for i in range(n)]


def process(lines):
    keys = {}
    hits = 0
    for line in lines:
        line = line.strip()
        key, rest = line.split("=", 1)
        rest = rest.replace(";", " ")
        if rest.startswith(("value 1", "value 2")):
            hits += 1
        pos = rest.find("tag:", 2)
        hits += rest.count("1")
        keys[key] = keys.get(key, 0) + pos
    return hits + sum(keys.values())


def main(n=DEFAULT_N):
    lines = make_lines(n)
    return process(lines) + process(lines[::2])
