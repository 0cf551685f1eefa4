"""128-bit accumulators (pass/wideacc.c): totals boxed on every way out of the loop (the
end, break, return), steps that leave the held range and go on in the tagged loop with
big ints, totals that start past it, errors raised while totals are held."""
from typing import List


def sum_squares(n: int, start: int) -> int:
    total = start
    for i in range(n):
        total += i * i
    return total


def dot(xs: List[int], ys: List[int], stop: int) -> int:
    total = 0
    for i in range(len(xs)):
        if xs[i] == stop:
            break
        total -= xs[i] * ys[i]
    return total


def divide(xs: List[int], d: int) -> int:
    total = 0
    for x in xs:
        total += x * 2 ** 70 // d
    return total


def case_totals_past_the_word_and_the_held_range():
    return [sum_squares(3000, 2 ** 64), sum_squares(50, 2 ** 126 - 100), sum_squares(10, 2 ** 200),
            sum_squares(20, -2 ** 126 + 5)]


def case_steps_that_leave_the_held_range():
    big = [2 ** 100, 2 ** 125, 2 ** 127, 3, -2 ** 130, 7]
    return [dot(big, big, 0), dot(big, [1] * 6, 3), dot([2 ** 62] * 9, [2 ** 62] * 9, 0)]


def case_errors_while_held():
    out = []
    for d in (0, 3):
        try:
            out.append(divide([2 ** 62, 2 ** 63, 5], d))
        except ZeroDivisionError as e:
            out.append(str(e))
    return out
