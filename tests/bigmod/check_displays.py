#!/usr/bin/env python3
"""Regression test (issue 20): a very large display compiles in memory and time linear in
its size, and a big one behaves as CPython runs it.

  python3 tests/bigmod/check_displays.py --pyc2c build/pyc2c [--items N] [--max-mb M]
                                         [--target39 PYTHON3.9]

1. Front end only (pyc2c --no-cc): a module-level list of N computed items (a guarded
   call each), a dict of N computed keys and a set of N computed elements, at N/4 and N
   items. Before, every item stayed live until the display was built and the passes kept
   a register set per block: 20,000 items took 24 GB. Checked: the peak memory at N
   stays under --max-mb (8,000 items each: about 730 MB) and grows about linearly (under 6x for 4x the items); each run
   is capped by RLIMIT_AS so that a regression fails instead of exhausting the machine.
   With --target39 PYTHON3.9 the same at N/8 and N/2 items for a 3.9 target, which makes
   every element of a dict or set display before inserting any (held in a private list:
   ir/build_expr.c hold_display; before, 2,000 items took 17.8 GB).
2. Whole build: the same shapes at 150 items each, compiled and imported; its output
   must equal CPython's (sums, order of insertion, hashing order of computed keys).
"""

import argparse
import os
import sys

from bounded import work_dir, build_matches_cpython, capped_run

AS_LIMIT = 4 << 30   # bytes of address space for one pyc2c run


def generate(n):
    out = ["class K:",
           "    def __init__(self, i):",
           "        self.i = i",
           "    def __hash__(self):",
           "        ORDER.append(self.i)",
           "        return self.i % 97",
           "    def __eq__(self, other):",
           "        return self.i == other.i",
           "",
           "ORDER: list = []",
           "",
           "def g(i: int) -> int:",
           "    return i * 3 + 1",
           ""]
    out.append("L = [\n" + "".join(f"    g({i}),\n" for i in range(n)) + "]")
    out.append("D = {\n" + "".join(f"    K({i}): g({i}),\n" for i in range(n)) + "}")
    out.append("S = {\n" + "".join(f"    g({i}) % {n // 2 + 1},\n" for i in range(n)) + "}")
    out.append("print(len(L), sum(L), L[-3:], len(D), sum(D.values()), list(D)[-1].i,"
               " len(S), sum(S), len(ORDER), sum(i * k for k, i in enumerate(ORDER)))")
    return "\n".join(out) + "\n"


def front_end(pyc2c, work, n, target=None):
    """Peak RSS in MB of `pyc2c --no-cc` on the module with n-item displays."""
    src = os.path.join(work, f"displays_{n}.py")
    with open(src, "w") as f:
        f.write(generate(n))
    cmd = [pyc2c, "--no-cc", src] + (["--python", target] if target else [])
    mb, cpu = capped_run(cmd, AS_LIMIT, f"pyc2c --no-cc on {n}-item displays")
    print(f"displays of {n} items{' for ' + target if target else ''}: front end {cpu:.2f} s CPU,"
          f" peak {mb:.0f} MB")
    return mb

def check_linear(pyc2c, work, small_n, big_n, max_mb, target=None):
    small = front_end(pyc2c, work, small_n, target)
    big = front_end(pyc2c, work, big_n, target)
    if big > max_mb:
        sys.exit(f"FAIL: peak {big:.0f} MB over {max_mb:.0f} MB")
    if big > 6 * small:
        sys.exit(f"FAIL: memory grows faster than the display: {small:.0f} MB at "
                 f"{small_n} items, {big:.0f} MB at {big_n}")


def whole_build(pyc2c, python, work, n):
    out = build_matches_cpython(pyc2c, python, work, "displays_case", generate(n), AS_LIMIT)
    print(f"displays of {n} items built; output matches CPython: {out.strip()}")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", default="build/pyc2c")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--items", type=int, default=8000)
    ap.add_argument("--max-mb", type=float, default=1500.0)
    ap.add_argument("--build-items", type=int, default=150)
    ap.add_argument("--target39", default="", help="a Python 3.9 to check its display order's memory too")
    args = ap.parse_args()
    pyc2c = os.path.abspath(args.pyc2c)
    with work_dir("pyc2c-displays-") as work:
        check_linear(pyc2c, work, args.items // 4, args.items, args.max_mb)
        print("PASS display_front_end_linear")
        if args.target39:
            check_linear(pyc2c, work, args.items // 8, args.items // 2, args.max_mb, args.target39)
            print("PASS display_front_end_linear_39")
        whole_build(pyc2c, args.python, work, args.build_items)
        print("PASS display_build_matches_cpython")


if __name__ == "__main__":
    main()
