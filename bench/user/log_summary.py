"""Log lines summarized as people write it: text split into lines, fields cut with
partition and removeprefix, optional values looked up with dict.get, per-service stats
kept in a dict of small classes, the slowest reported with sorted(key=lambda)."""
from typing import Optional

DEFAULT_N = 40000

SERVICES = ["auth", "billing", "search", "upload", "mail"]


class Stats:
    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.total_ms = 0
        self.errors = 0

    def add(self, ms: int, error: bool) -> None:
        self.count += 1
        self.total_ms += ms
        if error:
            self.errors += 1

    def mean(self) -> float:
        return self.total_ms / self.count if self.count else 0.0


def make_log(n):
    out = []
    for i in range(n):
        svc = SERVICES[(i * 7) % len(SERVICES)]
        level = "ERROR" if i % 37 == 0 else "INFO"
        out.append(f"ts={i} level={level} svc={svc} ms={(i * 53) % 900 + 5} user=u{i % 101}")
    return "\n".join(out)


def parse_line(line: str) -> Optional[dict[str, str]]:
    fields = {}
    for part in line.split():
        key, sep, value = part.partition("=")
        if not sep:
            return None
        fields[key] = value
    return fields


def summarize(text: str) -> dict[str, Stats]:
    stats: dict[str, Stats] = {}
    for line in text.splitlines():
        f = parse_line(line)
        if f is None:
            continue
        svc = f.get("svc")
        if svc is None:
            continue
        s = stats.get(svc)
        if s is None:
            s = stats[svc] = Stats(svc)
        s.add(int(f["ms"]), f.get("level") == "ERROR")
    return stats


def slowest(stats: dict[str, Stats], k: int) -> list[str]:
    ranked = sorted(stats.values(), key=lambda s: s.mean(), reverse=True)
    return [f"{s.name}:{s.mean():.1f}:{s.errors}" for s in ranked[:k]]


def users(text):
    seen = {}
    for line in text.splitlines():
        user = line.rpartition(" ")[2].removeprefix("user=")
        seen[user] = seen.get(user, 0) + 1
    return max(seen.values()) - min(seen.values())


def main(n=DEFAULT_N):
    text = make_log(n)
    stats = summarize(text)
    return slowest(stats, 3), sum(s.count for s in stats.values()), users(text)
