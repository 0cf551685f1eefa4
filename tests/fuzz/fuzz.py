#!/usr/bin/env python3
"""Differential fuzzer: random typed and untyped programs, compiled by pyc2c and run by
CPython, must print the same thing (values, exception types and messages).

    python3 tests/fuzz/fuzz.py --pyc2c build/pyc2c [--seed S] [-n N] [--python PY]
                               [--keep DIR]

Program i of a run uses the random seed S*1000003 + i, so a mismatch is reproduced by
its seed alone (--seed S --first i -n 1). Each program is a module of a few functions
over ints at machine-word and big-int boundaries, floats with NaN, inf and -0.0, strs,
lists, dicts, small classes and exceptions, half of them annotated; its driver calls
each function with boundary arguments of the annotated types (values an annotation
rejects are the one intended difference, so they are not passed). Prints one line per
program and a summary `N programs, N mismatches, N build failures`; mismatching
programs are saved below --keep (default build/fuzz-failures) to become cases."""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

INTS = ["0", "1", "-1", "7", "-13", "2**31 - 1", "-2**31", "2**62 - 1", "2**62", "-2**62 - 1",
        "2**63 - 1", "-2**63", "2**64 + 3", "10**20", "-10**30"]
FLOATS = ["0.0", "-0.0", "1.5", "-2.25", "1e308", "-1e-308", "float('inf')", "float('-inf')",
          "float('nan')", "3.0", "0.1"]
STRS = ["''", "'a'", "'héllo'", "'a b  c'", "'ABC'", "('x' * 3)", "'\\u20ac'"]
INT_OPS = ["+", "-", "*", "//", "%", "&", "|", "^"]
FLOAT_OPS = ["+", "-", "*", "/"]
CMP_OPS = ["<", "<=", "==", "!=", ">", ">="]


class Gen:
    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    def expr(self, t, names, depth=0):
        """An expression of type t ('int', 'float', 'str', 'bool', 'list', 'dict')."""
        r = self.r
        own = [n for n, nt in names if nt == t]
        if own and r.random() < 0.4:
            return r.choice(own)
        if depth > 2 or r.random() < 0.25:
            return self.leaf(t, names)
        e = lambda tt: self.expr(tt, names, depth + 1)
        if t == "int":
            return self.pick([
                lambda: f"({e('int')} {self.pick(INT_OPS)} {e('int')})",
                lambda: f"abs({e('int')})",
                lambda: f"min({e('int')}, {e('int')})",
                lambda: f"len({e('str')})",
                lambda: f"len({e('list')})",
                lambda: f"({e('int')} << {r.randint(0, 70)})",
                lambda: f"({e('int')} >> {r.randint(0, 70)})",
                lambda: f"(-{e('int')})",
                lambda: f"int({e('float')})",
                lambda: f"({e('int')} if {e('bool')} else {e('int')})",
                lambda: f"sum({e('list')})",
            ])()
        if t == "float":
            return self.pick([
                lambda: f"({e('float')} {self.pick(FLOAT_OPS)} {e('float')})",
                lambda: f"({e('float')} {self.pick(FLOAT_OPS)} float({e('int')}))",
                lambda: f"abs({e('float')})",
                lambda: f"float({e('int')})",
                lambda: f"(-{e('float')})",
                lambda: f"max({e('float')}, {e('float')})",
                lambda: f"({e('float')} % {e('float')})",
            ])()
        if t == "str":
            return self.pick([
                lambda: f"({e('str')} + {e('str')})",
                lambda: f"str({e('int')})",
                lambda: f"repr({e('float')})",
                lambda: f"{e('str')}.upper()",
                lambda: f"{e('str')}[::-1]",
                lambda: f"({e('str')} * {r.randint(0, 3)})",
                lambda: f"' '.join({e('str')}.split())",
                lambda: f"{e('str')}[{r.randint(-3, 3)}:{r.randint(-3, 5)}]",
            ])()
        if t == "bool":
            return self.pick([
                lambda: f"({e('int')} {self.pick(CMP_OPS)} {e('int')})",
                lambda: f"({e('float')} {self.pick(CMP_OPS)} {e('float')})",
                lambda: f"({e('str')} {self.pick(CMP_OPS)} {e('str')})",
                lambda: f"({e('int')} in {e('list')})",
                lambda: f"(not {e('bool')})",
                lambda: f"({e('bool')} and {e('bool')})",
            ])()
        if t == "list":
            return self.pick([
                lambda: f"[{e('int')}, {e('int')}]",
                lambda: f"[x * 2 for x in range({r.randint(0, 5)})]",
                lambda: f"({e('list')} + {e('list')})",
                lambda: f"sorted({e('list')})",
                lambda: f"{e('list')}[1:]",
            ])()
        return self.pick([
            lambda: f"{{{e('str')}: {e('int')}}}",
            lambda: f"{{k: len(k) for k in {e('str')}.split()}}",
        ])()

    def leaf(self, t, names):
        own = [n for n, nt in names if nt == t]
        if own and self.r.random() < 0.5:
            return self.r.choice(own)
        return {"int": lambda: self.pick(INTS), "float": lambda: self.pick(FLOATS),
                "str": lambda: self.pick(STRS), "bool": lambda: self.pick(["True", "False"]),
                "list": lambda: self.pick(["[]", "[1, 2, 3]", "[-1, 2**63]"]),
                "dict": lambda: self.pick(["{}", "{'a': 1}"])}[t]()

    def function(self, name, typed):
        r = self.r
        ptypes = [self.pick(["int", "float", "str", "int"]) for _ in range(r.randint(1, 3))]
        params = [(f"p{i}", t) for i, t in enumerate(ptypes)]
        ret = self.pick(["int", "float", "str", "bool", "list"])
        ann = lambda t: f": {t}" if typed else ""
        sig = ", ".join(f"{n}{ann(t)}" for n, t in params)
        lines = [f"def {name}({sig}){' -> ' + ret if typed else ''}:"]
        names = list(params)
        for k in range(r.randint(1, 4)):
            t = self.pick(["int", "float", "str", "bool"])
            v = f"v{k}"
            kind = r.random()
            if kind < 0.5:
                lines.append(f"    {v}{ann(t)} = {self.expr(t, names)}")
            elif kind < 0.7:
                lines.append(f"    {v}{ann(t)} = {self.leaf(t, names)}")
                lines.append(f"    for i in range({r.randint(0, 4)}):")
                op = {"int": "+", "float": "*", "str": "+", "bool": "and"}[t]
                step = "(" + self.expr(t, names) + ")"
                lines.append(f"        {v} = {v} {op} {step}" if t != "bool" else f"        {v} = {v} and {step}")
            elif kind < 0.85:
                lines.append(f"    if {self.expr('bool', names)}:")
                lines.append(f"        {v}{ann(t)} = {self.expr(t, names)}")
                lines.append("    else:")
                lines.append(f"        {v} = {self.expr(t, names)}")
            else:
                lines.append("    try:")
                lines.append(f"        {v}{ann(t)} = {self.expr(t, names)}")
                lines.append("    except (ZeroDivisionError, OverflowError, ValueError) as exc:")
                lines.append(f"        {v} = {self.leaf(t, [])}")
            names.append((v, t))
        # every local is observed: the result is the return expression and the locals
        observed = ", ".join(n for n, _ in names if n.startswith("v"))
        lines[0] = lines[0].replace(f" -> {ret}:", " -> tuple:")
        lines.append(f"    return ({self.expr(ret, names)}, {observed})")
        return "\n".join(lines), params

    def klass(self, name, typed):
        ann = ": int" if typed else ""
        return "\n".join([
            f"class {name}:",
            f"    def __init__(self, n{ann}) -> None:" if typed else "    def __init__(self, n):",
            "        self.n = n",
            f"        self.items{': list' if typed else ''} = [n, n * 2]",
            f"    def step(self, k{ann}){' -> int' if typed else ''}:",
            f"        self.n = self.n {self.pick(INT_OPS)} k",
            "        if self.n % 5 == 0:",
            "            raise ValueError('five ' + str(self.n))",
            "        return self.n + len(self.items)",
        ])

    def program(self):
        typed_share = self.r.random()
        parts, calls = [], []
        for i in range(self.r.randint(3, 6)):
            src, params = self.function(f"f{i}", self.r.random() < typed_share)
            parts.append(src)
            for _ in range(3):
                args = ", ".join(self.leaf(t, []) for _, t in params)
                calls.append(f"call(f{i}, {args})")
        parts.append(self.klass("K", self.r.random() < typed_share))
        calls.append(f"obj = K({self.pick(INTS)})")
        calls += [f"call(obj.step, {self.pick(INTS)})" for _ in range(3)]
        return "\n\n".join(parts) + "\n", "\n".join(calls) + "\n"


DRIVER_HEAD = '''import sys
sys.path.insert(0, sys.argv[1])
from prog import *
def call(f, *args):
    try:
        print(repr(f(*args)))
    except Exception as e:
        print("EXC", type(e).__name__, e)
'''


def run(python, moddir, driver):
    p = subprocess.run([python, driver, moddir], capture_output=True, text=True, timeout=60)
    return p.stdout + (("STDERR " + p.stderr.strip().splitlines()[-1]) if p.returncode else "")


def one(args, seed, work):
    src, calls = Gen(random.Random(seed)).program()
    a, b = os.path.join(work, "a"), os.path.join(work, "b")
    for d in (a, b):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    with open(os.path.join(a, "prog.py"), "w") as f:
        f.write(src)
    driver = os.path.join(work, "driver.py")
    with open(driver, "w") as f:
        f.write(DRIVER_HEAD + calls)
    build = subprocess.run([args.pyc2c, os.path.join(a, "prog.py"), "-o", b, "--python", args.python, "-O1"],
                           capture_output=True, text=True)
    if build.returncode != 0:
        return "build", src, calls, build.stderr
    want, got = run(args.python, a, driver), run(args.python, b, driver)
    return ("ok" if want == got else "mismatch"), src, calls, f"--- cpython\n{want}--- compiled\n{got}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pyc2c", default="build/pyc2c")
    ap.add_argument("--python", default="python3")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--keep", default="build/fuzz-failures")
    args = ap.parse_args()
    args.pyc2c = os.path.abspath(args.pyc2c)
    counts = {"ok": 0, "mismatch": 0, "build": 0}
    with tempfile.TemporaryDirectory(prefix="pyc2c-fuzz-") as work:
        for i in range(args.first, args.first + args.n):
            seed = args.seed * 1000003 + i
            status, src, calls, detail = one(args, seed, work)
            counts[status] += 1
            print(f"{status.upper():8} program {i} (seed {seed})", flush=True)
            if status != "ok":
                keep = os.path.join(args.keep, f"seed{seed}")
                os.makedirs(keep, exist_ok=True)
                for name, text in (("prog.py", src), ("driver_calls.py", calls), ("detail.txt", detail)):
                    with open(os.path.join(keep, name), "w") as f:
                        f.write(text)
                print("  " + detail[-1500:].replace("\n", "\n  "))
    print(f"{args.n} programs, {counts['mismatch']} mismatches, {counts['build']} build failures")
    return 1 if counts["mismatch"] or counts["build"] else 0


if __name__ == "__main__":
    sys.exit(main())
