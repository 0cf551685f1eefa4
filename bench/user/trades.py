"""Trades as typed NamedTuples: parsed from CSV-like lines, netted per symbol, and the
largest positions reported, annotated the way a library author annotates."""
from typing import NamedTuple, Optional

DEFAULT_N = 30000


class Trade(NamedTuple):
    symbol: str
    qty: int
    price: float
    side: str = "buy"

    def signed_qty(self) -> int:
        return self.qty if self.side == "buy" else -self.qty


class Position(NamedTuple):
    symbol: str
    qty: int
    cost: float


def parse(line: str) -> Optional[Trade]:
    parts = line.split(",")
    if len(parts) < 3:
        return None
    side = parts[3] if len(parts) > 3 else "buy"
    return Trade(parts[0], int(parts[1]), float(parts[2]), side)


def make_lines(n: int) -> list[str]:
    out = []
    for i in range(n):
        side = "sell" if i % 3 == 0 else "buy"
        out.append(f"S{i % 41},{1 + i % 17},{10.0 + (i % 23) * 0.5},{side}")
        if i % 50 == 0:
            out.append("bad line")
    return out


def net(trades: list[Trade]) -> dict[str, Position]:
    book: dict[str, Position] = {}
    for t in trades:
        q = t.signed_qty()
        p = book.get(t.symbol)
        if p is None:
            book[t.symbol] = Position(t.symbol, q, q * t.price)
        else:
            book[t.symbol] = p._replace(qty=p.qty + q, cost=p.cost + q * t.price)
    return book


def exposure(book: dict[str, Position]) -> float:
    return sum(abs(p.cost) for p in book.values())


def largest(book: dict[str, Position], k: int) -> list[str]:
    ranked = sorted(book.values(), key=lambda p: abs(p.qty), reverse=True)
    return [f"{p.symbol}:{p.qty}" for p in ranked[:k]]


def main(n=DEFAULT_N):
    trades = [t for t in (parse(line) for line in make_lines(n)) if t is not None]
    book = net(trades)
    avg = sum(t.price * t.qty for t in trades) / len(trades)
    return round(exposure(book), 2), largest(book, 3), round(avg, 4), len(trades)
