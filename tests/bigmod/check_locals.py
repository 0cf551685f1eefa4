#!/usr/bin/env python3
"""Regression test (issue 20): a function of thousands of locals, each made by a call that
can fail, compiles in memory, time and C linear in its size, and a big one behaves as
CPython runs it.

  python3 tests/bigmod/check_locals.py --pyc2c build/pyc2c [--locals N] [--max-mb M]

1. Front end only (pyc2c --c-only): one def of N object locals (`xK = g(K)`, each held to
   the exit as CPython's frame holds it) and one of N int locals all used at the end
   (`s += xK`), at N/4 and N locals. Before, every block's live and may-hold sets were
   copies holding every local (10,000 object locals: 113 s, 14 GB), and each handler
   released every int made before it (5,000 int locals: 18 GB, 595 MB of C). Checked:
   peak memory at N under --max-mb and growing about linearly (under 6x for 4x the
   locals), and the same for the C written; each run is capped by RLIMIT_AS so that a
   regression fails instead of exhausting the machine.
2. Whole build: the same shapes at 100 locals, compiled and imported, the k-th call
   failing for several k; the output (results, exceptions, traceback lines, values left
   alive) must equal CPython's.
"""

import argparse
import os
import sys

from bounded import work_dir, build_matches_cpython, check_linear

AS_LIMIT = 3 << 30   # bytes of address space for one pyc2c run


def generate(n):
    out = ["alive = [0]", "fail_at = [-1]", "",
           "class Tracked:",
           "    def __init__(self, i: int) -> None:",
           "        self.i = i",
           "        alive[0] += 1",
           "    def __del__(self) -> None:",
           "        alive[0] -= 1", "",
           "def g(i: int) -> Tracked:",
           "    if i == fail_at[0]:",
           "        raise ValueError(i)",
           "    return Tracked(i)", "",
           "def big(i: int) -> int:",
           "    if i == fail_at[0]:",
           "        raise KeyError(i)",
           "    return 2 ** 70 + i", ""]
    out.append("def objects() -> int:\n" + "".join(f"    x{i} = g({i})\n" for i in range(n))
               + f"    return x0.i + x{n - 1}.i\n")
    out.append("def ints() -> int:\n" + "".join(f"    x{i} = big({i})\n" for i in range(n))
               + "    s = 0\n" + "".join(f"    s += x{i} + big({i + n})\n" for i in range(n))
               + "    return s % 1000003\n")
    ks = sorted({-1, 0, 1, n // 2, n - 1, n, n + 1, 2 * n - 1})
    out.append("def attempt(fn, k: int):\n"   # the traceback (and its frames) dropped on return
               "    fail_at[0] = k\n"
               "    try:\n"
               "        return fn()\n"
               "    except (ValueError, KeyError) as e:\n"
               "        tb = e.__traceback__.tb_next\n"
               "        r = (repr(e), tb.tb_frame.f_code.co_name, tb.tb_lineno)\n"
               "        tb = None   # else a cycle through this frame keeps the traceback\n"
               "        return r\n")
    out.append(f"for fn in (objects, ints):\n"
               f"    for k in {ks}:\n"
               f"        r = attempt(fn, k)\n"
               f"        print(fn.__name__, k, r, alive[0])\n")
    return "\n".join(out)


def whole_build(pyc2c, python, work, n):
    out = build_matches_cpython(pyc2c, python, work, "locals_case", generate(n), AS_LIMIT)
    print(f"functions of {n} locals built; output matches CPython ({len(out.splitlines())} lines)")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", default="build/pyc2c")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--locals", type=int, default=3000)
    ap.add_argument("--max-mb", type=float, default=1000.0)
    ap.add_argument("--build-locals", type=int, default=100)
    args = ap.parse_args()
    pyc2c = os.path.abspath(args.pyc2c)
    with work_dir("pyc2c-locals-") as work:
        check_linear(pyc2c, work, generate, (args.locals // 4, args.locals), args.max_mb, AS_LIMIT, "locals")
        print("PASS many_locals_front_end_linear")
        whole_build(pyc2c, args.python, work, args.build_locals)
        print("PASS many_locals_build_matches_cpython")


if __name__ == "__main__":
    main()
