#!/usr/bin/env python3
"""Regression test: a long generated module builds in bounded time and memory and
behaves as CPython runs it (the module body is emitted as chunk functions of
bounded size: compiler/emit/emit_chunks.c).

  python3 tests/bigmod/check_bigmod.py --pyc2c build/pyc2c [--lines N] [--max-seconds S] [--max-mb M]

The module has N module-level statements that chain globals (the shape that made the
C compile quadratic), small typed functions defined and called at module level, a
class, a module-level loop and try statement, and an error caught far down the
body whose traceback line must match. The limits are generous (a loaded 2-core
machine): they catch a return of superlinear growth, not a small slowdown.
"""

import argparse
import os
import resource
import subprocess
import sys
import time

from bounded import work_dir


def generate(lines):
    out = ["import traceback", "", "x0: int = 1"]
    funcs = lines // 10
    for i in range(1, funcs + 1):
        out += [f"def f{i}(a: int) -> int:", f"    return a * {i % 7 + 1} + {i}", ""]
    stmt = len(out)
    for i in range(1, lines - stmt - 30):
        if i % 50 == 0:
            out.append(f"x{i}: int = f{i % funcs + 1}(x{i - 1}) % 1000003")
        else:
            out.append(f"x{i}: int = (x{i - 1} + {i % 13}) % 1000003")
    last = len(out) - stmt
    out += [
        "class Acc:",
        "    def __init__(self) -> None:",
        "        self.items: list[int] = []",
        "",
        "    def add(self, v: int) -> None:",
        "        self.items.append(v)",
        "",
        "acc = Acc()",
        "for k in range(10):",
        f"    acc.add(x{last} + k)",
        "caught = []",
        "try:",
        "    pos = acc.items[3]",
        "    bad = acc.items[100]",
        "except IndexError as e:",
        "    caught.append([(fs.name, fs.lineno) for fs in traceback.extract_tb(e.__traceback__)])",
        f"summary = (x{last}, sum(acc.items), caught, f{funcs}(2))",
        "print(summary)",
    ]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", default="build/pyc2c")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--lines", type=int, default=3000)
    ap.add_argument("--max-seconds", type=float, default=240.0)
    ap.add_argument("--max-mb", type=float, default=1500.0)
    args = ap.parse_args()
    pyc2c = os.path.abspath(args.pyc2c)
    with work_dir("pyc2c-bigmod-") as work:
        src_dir, ext_dir = os.path.join(work, "src"), os.path.join(work, "ext")
        os.makedirs(src_dir)
        os.makedirs(ext_dir)
        src = os.path.join(src_dir, "bigmod_case.py")
        text = generate(args.lines)
        with open(src, "w") as f:
            f.write(text)
        env = dict(os.environ, PYC2C_CACHE_DIR=os.path.join(work, "cache"))
        env.pop("PYC2C_CHUNK_OPS", None)
        subprocess.run([pyc2c, "runtime-lib", "--python", args.python], env=env,
                       capture_output=True, check=True)
        t0 = time.perf_counter()
        proc = subprocess.run([pyc2c, src, "-o", ext_dir, "--python", args.python], env=env,
                              capture_output=True, text=True, timeout=args.max_seconds)
        wall = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if proc.returncode != 0:
            sys.exit(f"FAIL: pyc2c exited {proc.returncode}:\n{proc.stderr}")
        run = lambda d: subprocess.run([args.python, "-c", "import bigmod_case"], cwd=d,
                                       capture_output=True, text=True, timeout=120)
        want, got = run(src_dir), run(ext_dir)
        if want.stdout != got.stdout or want.returncode != got.returncode or not want.stdout:
            sys.exit(f"FAIL: compiled module differs\n--- CPython:\n{want.stdout}{want.stderr}"
                     f"\n--- compiled:\n{got.stdout}{got.stderr}")
        lines = text.count("\n")
        print(f"bigmod: {lines} lines built in {wall:.1f} s wall, peak RSS of one process "
              f"{peak:.0f} MB; output matches CPython")
        if peak > args.max_mb:
            sys.exit(f"FAIL: peak RSS {peak:.0f} MB over {args.max_mb:.0f} MB")
        print("PASS bigmod_builds_within_bounds")


if __name__ == "__main__":
    main()
