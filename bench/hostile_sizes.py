#!/usr/bin/env python3
"""Issue 20's huge inputs, each at growing sizes: the front end's CPU time (pyc2c
--no-cc: parse, analysis, IR, passes, C emission) and peak memory, and the size of the C
it writes, so that growth can be read off (linear: time and C double with the input).

  python3 bench/hostile_sizes.py [--pyc2c build/pyc2c] [--only NAME] [--scale 1.0] [--cc]
                                 [--python TARGET]

--cc also times the whole build (C compiler included) of the smallest size.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def module_lines(n: int) -> str:   # module-level code, one statement a line
    out = ["x0: int = 1"]
    out += [f"x{i}: int = x{i - 1} + {i % 7}" for i in range(1, n)]
    return "\n".join(out) + "\n"


def small_functions(n: int) -> str:   # n three-line functions (four lines with the blank)
    return "".join(f"def f{i}(a: int, b: int) -> int:\n    c = a * {i} + b\n    return c - a\n\n"
                   for i in range(n))


def nested_lists(n: int) -> str:   # n list displays, one inside the other (past 200: refused)
    return "x = " + "".join("[\n" for _ in range(n)) + "1" + "]" * n + "\n"


def list_of_lists(n: int) -> str:   # one display of n list displays, one per line
    return "x = [\n" + "".join(f"    [{i}, {i} + 1, str({i})],\n" for i in range(n)) + "]\n"


def plus_chain(n: int) -> str:   # a + a + ... with n terms in a function
    return "def f(a: int) -> int:\n    return " + " + ".join("a" for _ in range(n)) + "\n"


def many_arguments(n: int) -> str:   # f(g(0), ..., g(n - 1)): n computed arguments
    args = ", ".join(f"g({i})" for i in range(n))
    return ("def g(i: int) -> object:\n    return [i]\n\n"
            "def f(*args: object) -> int:\n    return len(args)\n\n"
            f"def h() -> int:\n    return f({args})\n")


def keyed_displays(n: int) -> str:   # a dict of n computed keys and a set of n computed elements
    return ("def g(i: int) -> int:\n    return i * 3 + 1\n\n"
            "D = {\n" + "".join(f"    str(g({i})): g({i}),\n" for i in range(n)) + "}\n"
            "S = {\n" + "".join(f"    g({i}) % {n // 2 + 1},\n" for i in range(n)) + "}\n")


def many_locals(n: int) -> str:   # one def of n object-holding locals, each made by a call
    return ("def g(i: int) -> object:\n    return [i]\n\n"
            "def h() -> int:\n" + "".join(f"    x{i} = g({i})\n" for i in range(n))
            + "    return len(x0)\n")


def many_int_locals(n: int) -> str:   # n int locals made by calls, all used at the end
    return ("def g(i: int) -> int:\n    return i * 3\n\n"
            "def h() -> int:\n" + "".join(f"    x{i} = g({i})\n" for i in range(n))
            + "    s = 0\n" + "".join(f"    s += x{i}\n" for i in range(n)) + "    return s\n")


INPUTS = [
    ("module_lines", module_lines, [12500, 25000, 50000]),
    ("small_functions", small_functions, [3125, 6250, 12500]),
    ("nested_lists", nested_lists, [150, 3000]),
    ("list_of_lists", list_of_lists, [750, 1500, 3000]),
    ("plus_chain", plus_chain, [2500, 5000, 10000]),
    ("many_arguments", many_arguments, [100, 200, 400, 800]),
    ("keyed_displays", keyed_displays, [1000, 2000, 4000]),
    ("many_locals", many_locals, [800, 3200, 10000]),
    ("many_int_locals", many_int_locals, [800, 3200, 10000]),
]


def run(cmd: list, env=None) -> tuple:
    """(exit status, CPU seconds, peak memory of the child in MB, wall seconds)"""
    t = time.monotonic()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)   # this process's own usage, not the largest so far
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        if p.returncode != 0:
            sys.stderr.write(err.read().decode(errors="replace").splitlines()[0][:200] + "\n")
    wall = time.monotonic() - t
    return p.returncode, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", default=os.path.join(HERE, "..", "build", "pyc2c"))
    ap.add_argument("--only", default="")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--cc", action="store_true")
    ap.add_argument("--python", default="", help="the target interpreter (pyc2c --python)")
    a = ap.parse_args()
    print("| input | size | lines | exit | front end CPU s | peak MB | C bytes |")
    print("|---|---|---|---|---|---|---|")
    for name, make, sizes in INPUTS:
        if a.only and a.only != name:
            continue
        for size in [max(1, int(s * a.scale)) for s in sizes]:
            with tempfile.TemporaryDirectory() as d:
                src = os.path.join(d, f"{name}.py")
                text = make(size)
                with open(src, "w") as f:
                    f.write(text)
                target = ["--python", a.python] if a.python else []
                st, cpu, mb, _ = run([a.pyc2c, src, "--c-only", "-o", d] + target)
                c = os.path.join(d, f"{name}.c")
                cbytes = os.path.getsize(c) if os.path.exists(c) else 0
                print(f"| {name} | {size} | {text.count(chr(10))} | {st} | {cpu:.2f} | {mb:.0f} | {cbytes} |",
                      flush=True)
                if a.cc and size == sizes[0]:
                    st, cpu, mb, wall = run([a.pyc2c, src, "-o", d] + target)
                    print(f"| {name} (whole build) | {size} | | {st} | {cpu:.2f} (wall {wall:.1f}) | {mb:.0f} | |",
                          flush=True)


if __name__ == "__main__":
    main()
