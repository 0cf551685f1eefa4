#!/usr/bin/env python3
"""Regression test (issue 20): a function of thousands of try/except, try/finally, with,
for and while blocks, rebinding the same few names, compiles in memory, time and C linear
in its size, and a smaller one behaves as CPython runs it.

  python3 tests/bigmod/check_blocks.py --pyc2c build/pyc2c [--blocks N] [--max-mb M]

Before: each try's re-raise block jumped back to itself after the re-raise ("not
reached"), so every try was a loop for the loop passes (2,000 blocks: 8.9 s, 1.2 GB);
and each assignment of a name rebound n times (`with ... as fh`, webs of sema/webs.c)
cleared each other web of the name, n ops per assignment (2,000 withs: 44 s, 3.8 GB);
and the loop passes visited the whole function per loop, and whilestrip per comparison
(2,000 for and 2,000 while loops: 111 s, 5.4 GB).

1. Front end only (pyc2c --c-only) at N/4 and N blocks, capped by RLIMIT_AS: peak
   memory under --max-mb and under 6x for 4x the blocks, the same for the C written.
2. Whole build at 48 blocks, the k-th step failing for several k: results, exceptions,
   traceback lines and the order of __exit__ and __del__ calls must equal CPython's.
"""

import argparse
import os
import sys

from bounded import work_dir, build_matches_cpython, check_linear

AS_LIMIT = 3 << 30   # bytes of address space for one pyc2c run

HEADER = '''log = []
fail_at = [-1]

class Res:
    def __init__(self, i: int) -> None:
        self.i = i
        log.append(("open", i))
    def __enter__(self) -> "Res":
        return self
    def __exit__(self, t, v, tb) -> bool:
        log.append(("exit", self.i, t.__name__ if t else None))
        return t is KeyError and self.i % 2 == 0   # swallows some KeyErrors
    def __del__(self) -> None:
        log.append(("del", self.i))

def step(i: int) -> int:
    if i == fail_at[0]:
        raise (ValueError if i % 3 else KeyError)(i)
    return i
'''

# One block per i, by i % 5; `r` and `fh` are rebound with other types on the way.
SHAPES = [
    "    try:\n        t += step({i})\n    except ValueError:\n        t -= 1\n",
    "    with Res({i}) as fh:\n        t += step({i}) + fh.i\n",
    "    try:\n        t += step({i})\n    finally:\n        t += 1\n        log.append(('finally', {i}))\n",
    "    r = Res({i})\n    with Res({i} + 1000) as fh:\n        t += step({i})\n    r = step({i})\n    t += r\n",
    "    try:\n        with Res({i}) as fh:\n            t += step({i})\n    except KeyError:\n        t += 7\n    fh = str({i})\n",
    "    for j in range(len(xs)):\n        xs[j] += step({i}) % 3\n",
    "    k = 0\n    while k < {i} % 5:\n        k += 1\n        t -= k\n",
    "    n = 0\n    while n < step({i}) % 7 + len(xs):\n        n += 2\n        if n > 40:\n            break\n    t += n\n",
]


def generate(n):
    body = "".join(SHAPES[i % len(SHAPES)].format(i=i) for i in range(n))
    ks = sorted({-1, 0, 1, 2, 3, 4, n // 2, n - 2, n - 1, n})
    return (HEADER + "\ndef blocks() -> int:\n    t = 0\n    xs = [1, 2, 3]\n" + body + "    return t + sum(xs)\n\n"
            "def attempt(k: int):\n"
            "    fail_at[0] = k\n"
            "    del log[:]\n"
            "    try:\n"
            "        r = blocks()\n"
            "    except (ValueError, KeyError) as e:\n"
            "        r = (repr(e), e.__traceback__.tb_next.tb_lineno)\n"
            "    return r, list(log)\n\n"
            f"for k in {ks}:\n"
            "    print(k, attempt(k))\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", default="build/pyc2c")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--blocks", type=int, default=2000)
    ap.add_argument("--max-mb", type=float, default=600.0)
    ap.add_argument("--build-blocks", type=int, default=48)
    args = ap.parse_args()
    pyc2c = os.path.abspath(args.pyc2c)
    with work_dir("pyc2c-blocks-") as work:
        check_linear(pyc2c, work, generate, (args.blocks // 4, args.blocks), args.max_mb, AS_LIMIT, "blocks")
        print("PASS many_blocks_front_end_linear")
        out = build_matches_cpython(pyc2c, args.python, work, "blocks_case",
                                    generate(args.build_blocks), AS_LIMIT)
        print(f"a function of {args.build_blocks} blocks built; output matches CPython ({len(out.splitlines())} lines)")
        print("PASS many_blocks_build_matches_cpython")


if __name__ == "__main__":
    main()
