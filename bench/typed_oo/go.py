"""go: random playouts of the game of Go on a small board (the pyperformance "go"
program in spirit, without the tree search): Square objects linked to their neighbours,
groups found by union-find through `find` with path compression, captures, a Board
class, a deterministic random generator with int state, class constants and a
classmethod factory.

bench(n) plays n games and returns a checksum of the final positions."""
from typing import List, Optional

from typing_extensions import Final

DEFAULT_N: Final = 2000
SIZE: Final = 9
EMPTY: Final = 0
WHITE: Final = 1
BLACK: Final = 2


class Random(object):
    def __init__(self, seed: int) -> None:
        self.state: int = seed

    def randrange(self, n: int) -> int:
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff
        return int((self.state >> 33) % n)


class Square(object):
    def __init__(self, board: "Board", pos: int) -> None:
        self.board = board
        self.pos = pos
        self.color = EMPTY
        self.reference = self
        self.ledges = 0
        self.used = False
        self.neighbours: List[Square] = []

    def set_neighbours(self) -> None:
        x, y = self.pos % SIZE, self.pos // SIZE
        self.neighbours = []
        for dx, dy in [(-1, 0), (1, 0), (0, -1), (0, 1)]:
            newx, newy = x + dx, y + dy
            if 0 <= newx < SIZE and 0 <= newy < SIZE:
                self.neighbours.append(self.board.squares[newx + newy * SIZE])

    def move(self, color: int) -> None:
        self.color = color
        self.reference = self
        self.ledges = 0
        self.used = True
        for neighbour in self.neighbours:
            neighcolor = neighbour.color
            if neighcolor == EMPTY:
                self.ledges += 1
            else:
                neighbour_ref = neighbour.find()
                if neighcolor == color:
                    if neighbour_ref.reference.pos != self.pos:
                        self.ledges += neighbour_ref.ledges
                        neighbour_ref.reference = self
                    self.ledges -= 1
                else:
                    neighbour_ref.ledges -= 1
                    if neighbour_ref.ledges == 0:
                        neighbour.remove(neighbour_ref)

    def remove(self, reference: "Square") -> None:
        self.board.emptyset_add(self)
        self.board.captures += 1
        self.color = EMPTY
        for neighbour in self.neighbours:
            if neighbour.color == EMPTY:
                continue
            neighbour_ref = neighbour.find()
            if neighbour_ref.pos == reference.pos:
                neighbour.remove(reference)
            else:
                neighbour_ref.ledges += 1

    def find(self) -> "Square":
        reference = self.reference
        if reference.pos != self.pos:
            reference = reference.find()
            self.reference = reference
        return reference


class Board(object):
    def __init__(self) -> None:
        self.squares: List[Square] = []
        self.empties: List[int] = []
        self.empty_pos: List[int] = []
        self.color = BLACK
        self.captures = 0
        self.moves = 0

    @classmethod
    def new(cls) -> "Board":
        b = cls()
        b.squares = [Square(b, pos) for pos in range(SIZE * SIZE)]
        for square in b.squares:
            square.set_neighbours()
        b.empties = list(range(SIZE * SIZE))
        b.empty_pos = list(range(SIZE * SIZE))
        return b

    def emptyset_add(self, square: Square) -> None:
        self.empty_pos[square.pos] = len(self.empties)
        self.empties.append(square.pos)

    def emptyset_remove(self, pos: int) -> None:
        index = self.empty_pos[pos]
        last = self.empties.pop()
        if index < len(self.empties):
            self.empties[index] = last
            self.empty_pos[last] = index

    def useful(self, pos: int) -> bool:
        square = self.squares[pos]
        empties = 0
        for neighbour in square.neighbours:
            if neighbour.color == EMPTY:
                empties += 1
        if empties > 0:
            return True
        for neighbour in square.neighbours:
            ref = neighbour.find()
            if neighbour.color == self.color and ref.ledges > 1:
                return True
            if neighbour.color != self.color and ref.ledges == 1:
                return True
        return False

    def play(self, pos: int) -> None:
        self.emptyset_remove(pos)
        self.squares[pos].move(self.color)
        self.color = WHITE if self.color == BLACK else BLACK
        self.moves += 1

    def random_move(self, rnd: Random) -> int:
        choices = len(self.empties)
        while choices:
            i = rnd.randrange(choices)
            pos = self.empties[i]
            if self.useful(pos):
                return pos
            choices -= 1
            self.empties[i] = self.empties[choices]
            self.empties[choices] = pos
            self.empty_pos[self.empties[i]] = i
            self.empty_pos[pos] = choices
        return -1

    def score(self) -> int:
        total = 0
        for square in self.squares:
            total = total * 3 + square.color
        return total % 1000000007


def playout(rnd: Random) -> int:
    board = Board.new()
    passes = 0
    while passes < 2 and board.moves < SIZE * SIZE * 3:
        pos = board.random_move(rnd)
        if pos == -1:
            passes += 1
            board.color = WHITE if board.color == BLACK else BLACK
        else:
            passes = 0
            board.play(pos)
    return board.score() + board.captures


def bench(n: int) -> int:
    rnd = Random(42)
    total = 0
    for _ in range(n):
        total = (total * 7 + playout(rnd)) % 1000000007
    return total


if __name__ == "__main__":
    print(bench(10))
