#!/usr/bin/env python3
"""Differential fuzzer for comprehension chains over ints (pass/intvec.c): random
functions of 2-5 list comprehensions, each reading an earlier list (or zip of two)
with a filter or not, elements of int arithmetic near 2**62, 2**63, 2**64 and -2**63,
consumed by sum(), len() and later comprehensions. The module is run interpreted and
compiled on boundary lists; the output must be the same.

    python3 tests/fuzz/int_chains.py --pyc2c build/pyc2c [--seed S] [-n PROGRAMS] [--funcs N]

Prints one line per program (how many lists became int vectors) and
`N programs, N mismatches`; exit status 1 on a mismatch (the module is kept)."""
import argparse
import os
import random
import subprocess
import sys
import tempfile

OPS = ["+", "-", "*", "//", "%", "&", "|", "^", ">>", "<<"]
CONSTS = ["1", "3", "-7", "2**62", "2**63", "-2**63", "2**64", "5"]
# no bools: `x & y` of two bools typed int is an int when compiled (a known difference)
INPUTS = "[[], [0], [1, -1, 2, 3], [2**62 - 1, -2**62, 2**62, 2**63 - 1, -2**63, 2**64, -2**64, 7], " \
         "list(range(-50, 50, 3)), [10**20, -10**30, 3]]"
DRIVER = """
import sys
sys.path.insert(0, sys.argv[1])
import chains as m
INPUTS = %s
for name in sorted(n for n in dir(m) if n.startswith("f")):
    for xs in INPUTS:
        for ys in INPUTS[:4]:
            try:
                print(name, getattr(m, name)(xs, ys))
            except Exception as e:
                print(name, type(e).__name__, e)
""" % INPUTS


def expr(r, v, depth=0):
    if depth > 1 or r.random() < 0.3:
        return v if r.random() < 0.7 else r.choice(CONSTS)
    op = r.choice(OPS)
    a, b = expr(r, v, depth + 1), expr(r, v, depth + 1)
    if op in ("//", "%"):
        b = "(%s | 1)" % b
    if op in ("<<", ">>"):
        b = "(%s & 7)" % b
    if r.random() < 0.15:
        return "(-%s)" % a
    if r.random() < 0.15:
        return "(%s if %s > 0 else %s)" % (a, v, b)
    return "(%s %s %s)" % (a, op, b)


def function(r, k):
    lines = ["def f%d(xs: List[int], ys: List[int]) -> Tuple[object, ...]:" % k]
    names, out = ["xs", "ys"], []
    for s in range(r.randint(2, 5)):
        nm = "v%d" % s
        if r.random() < 0.3:
            a, b = r.sample(names, 2)
            lines.append("    %s = [%s - b for a, b in zip(%s, %s)]" % (nm, expr(r, "a"), a, b))
        else:
            cond = " if x %% %d" % r.randint(2, 4) if r.random() < 0.4 else ""
            lines.append("    %s = [%s for x in %s%s]" % (nm, expr(r, "x"), r.choice(names), cond))
        names.append(nm)
        for fn in ("sum", "len"):
            if r.random() < 0.3:
                out.append("%s(%s)" % (fn, nm))
    if r.random() < 0.3:
        out.append("[y for y in %s]" % names[-1])
    out.append("sum(%s)" % names[-1])
    lines.append("    return (%s,)" % ", ".join(out))
    return "\n".join(lines) + "\n"


def run_one(opts, seed, tmp):
    r = random.Random(seed)
    src = "from typing import List, Tuple\n\n" + "\n".join(function(r, k) for k in range(opts.funcs))
    interp, comp = os.path.join(tmp, "i"), os.path.join(tmp, "c")
    for d in (interp, comp):
        os.makedirs(d, exist_ok=True)
    path = os.path.join(interp, "chains.py")
    with open(path, "w") as f:
        f.write(src)
    with open(os.path.join(tmp, "driver.py"), "w") as f:
        f.write(DRIVER)
    build = subprocess.run([opts.pyc2c, path, "-o", comp, "--python", opts.python], capture_output=True, text=True)
    if build.returncode != 0:
        return "build failure: " + build.stderr.strip()[-300:], src
    ir = subprocess.run([opts.pyc2c, path, "--dump-ir=intvec", "--no-cc"], capture_output=True, text=True).stdout
    outs = [subprocess.run([opts.python, os.path.join(tmp, "driver.py"), d], capture_output=True, text=True).stdout
            for d in (interp, comp)]
    if outs[0] != outs[1]:
        return "MISMATCH", src
    return "OK (%d int vectors)" % ir.count("ivec_new"), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", default="build/pyc2c")
    ap.add_argument("--python", default="python3")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--funcs", type=int, default=25)
    opts = ap.parse_args()
    bad = 0
    for i in range(opts.n):
        seed = opts.seed * 1000003 + i
        with tempfile.TemporaryDirectory(prefix="pyc2c-chains-") as tmp:
            verdict, src = run_one(opts, seed, tmp)
        print("%-40s program %d (seed %d)" % (verdict, i, seed), flush=True)
        if src is not None:
            bad += 1
            keep = "chains_seed%d.py" % seed
            with open(keep, "w") as f:
                f.write(src)
            print("  kept as", keep)
    print("%d programs, %d mismatches" % (opts.n, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
