"""hexiom: a solver for Hexiom-style puzzles (the pyperformance/mypyc "hexiom"
program in spirit): tiles numbered 0..6 go on the cells of a hexagonal board so that
each tile's number is the count of occupied neighbouring cells. A Hex class knows the
geometry, a Done class keeps the values still possible per cell (with int counters),
and a backtracking search with constraint propagation solves puzzles made from a
deterministic random fill.

bench(n) solves n puzzles and returns a checksum of the solutions."""
from typing import Dict, List, Optional, Tuple, cast

from typing_extensions import Final

DEFAULT_N: Final = 6
EMPTY: Final = 7
DIRS: Final = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1)]


class Hex(object):
    def __init__(self, size: int) -> None:
        self.size = size
        self.count = 3 * size * (size - 1) + 1
        self.cells: List[Tuple[int, int]] = []
        index: Dict[Tuple[int, int], int] = {}
        for y in range(2 * size - 1):
            for x in range(2 * size - 1):
                if abs(x - y) < size:
                    index[(x, y)] = len(self.cells)
                    self.cells.append((x, y))
        self.neighbours: List[List[int]] = []
        for (x, y) in self.cells:
            ns: List[int] = []
            for dx, dy in DIRS:
                j = index.get((x + dx, y + dy))
                if j is not None:
                    ns.append(j)
            self.neighbours.append(ns)


class Done(object):
    def __init__(self, count: int) -> None:
        self.count = count
        self.cells: List[List[int]] = [list(range(8)) for _ in range(count)]
        self.steps: int = 0

    def clone(self) -> "Done":
        d = Done(0)
        d.count = self.count
        d.cells = [c[:] for c in self.cells]
        d.steps = self.steps
        return d

    def already_done(self, i: int) -> bool:
        return len(self.cells[i]) == 1

    def remove(self, i: int, v: int) -> bool:
        c = self.cells[i]
        if v in c:
            c.remove(v)
            self.steps += 1
            return True
        return False

    def set_done(self, i: int, v: int) -> None:
        self.cells[i] = [v]
        self.steps += 1

    def value(self, i: int) -> int:
        return self.cells[i][0]


class Puzzle(object):
    def __init__(self, hex: Hex, tiles: List[int]) -> None:
        self.hex = hex
        self.tiles = tiles

    @staticmethod
    def random_fill(hex: Hex, seed: int) -> List[int]:
        state = seed
        filled: List[bool] = []
        for _ in range(hex.count):
            state = (state * 1103515245 + 12345) % 2147483648
            filled.append(state % 3 != 0)
        result: List[int] = []
        for i in range(hex.count):
            if not filled[i]:
                result.append(EMPTY)
            else:
                result.append(sum([1 for j in hex.neighbours[i] if filled[j]]))
        return result

    @classmethod
    def generate(cls, hex: Hex, seed: int) -> "Puzzle":
        fill = Puzzle.random_fill(hex, seed)
        tiles = [0] * 8
        for v in fill:
            tiles[v] += 1
        return cls(hex, tiles)

    def consistent(self, done: Done) -> bool:
        counts = [0] * 8
        for i in range(self.hex.count):
            if done.already_done(i):
                counts[done.value(i)] += 1
        for v in range(8):
            if counts[v] > self.tiles[v]:
                return False
        for i in range(self.hex.count):
            if not done.already_done(i):
                continue
            v = done.value(i)
            if v == EMPTY:
                continue
            sure = 0
            maybe = 0
            for j in self.hex.neighbours[i]:
                if done.already_done(j):
                    if done.value(j) != EMPTY:
                        sure += 1
                else:
                    maybe += 1
            if sure > v or sure + maybe < v:
                return False
        return True

    def propagate(self, done: Done) -> bool:
        changed = True
        while changed:
            changed = False
            for i in range(self.hex.count):
                if done.already_done(i):
                    continue
                for v in list(done.cells[i]):
                    trial = done.clone()
                    trial.set_done(i, v)
                    if not self.consistent(trial):
                        if done.remove(i, v):
                            changed = True
                if len(done.cells[i]) == 0:
                    return False
        return True

    def solve(self, done: Done) -> Optional[Done]:
        if not self.consistent(done) or not self.propagate(done):
            return None
        best = -1
        for i in range(self.hex.count):
            if not done.already_done(i) and (best < 0 or len(done.cells[i]) < len(done.cells[best])):
                best = i
        if best < 0:
            return done
        for v in done.cells[best]:
            trial = done.clone()
            trial.set_done(best, v)
            found = self.solve(trial)
            if found is not None:
                return found
        return None


def bench(n: int) -> int:
    hex = Hex(3)
    total = 0
    for k in range(n):
        puzzle = Puzzle.generate(hex, k * 7919 + 1)
        solution = puzzle.solve(Done(hex.count))
        if solution is None:
            total = total * 31 % 1000000007
            continue
        s = cast(Done, solution)
        for i in range(hex.count):
            total = (total * 8 + s.value(i)) % 1000000007
        total = (total + int(s.steps)) % 1000000007
    return total


if __name__ == "__main__":
    print(bench(2))
