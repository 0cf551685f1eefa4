"""`make bench`: pyc2c against CPython, mypyc, Cython, PyPy (when installed) and
hand-written C, on the same programs, on the same machine, in one run.

    python3 bench/run.py [--set programs|typed_oo] [--programs fib,nbody] [--reps 2] [--rounds 3] [--scale 1.0]
                         [--python /usr/bin/python3] [--no-compile-speed] [--results bench/results.md]

--set typed_oo runs bench/typed_oo/ (typed programs in the style written for mypyc:
typing_extensions imports, casts, i64, class hierarchies) with pyc2c and mypyc only,
into bench/typed_oo/results.md.

Every variant is built first; then --rounds rounds each run every variant once, in turn,
in its own process (bench/worker.py): one warm-up, then --reps timed calls of bench(n).
Times are CPU time, and the median of all of a variant's calls is quoted: on a shared,
noisy machine interleaved rounds see the same load. Every checksum must agree with CPython's: a
mismatch is flagged in the table and makes the run exit 1. A compiler that is missing or
fails on a program shows why in its cell and the run goes on."""
import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from typing import Dict, List, Optional

import builders
import compile_speed
import report

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
C_DIR = os.path.join(HERE, "c")
SETS = {"programs": (os.path.join(HERE, "programs"), None),
        "typed_oo": (os.path.join(HERE, "typed_oo"), ["pyc2c", "mypyc"])}
TYPED_OO_ORDER = ["richards", "deltablue", "hexiom", "chaos", "go", "raytrace", "nbody", "float"]
ORDER = ["fib", "fib_memo", "nbody", "spectral_norm", "mandelbrot", "sieve", "fannkuch", "nqueens",
         "richards", "raytrace", "points", "wordfreq", "sum_loop", "sum_big", "listcomp", "try_except", "tuples"]


def ensure_peers() -> None:
    """Installs mypy (mypyc) and cython3 from Debian when missing and we are root."""
    missing = [pkg for tool, pkg in (("mypyc", "mypy"), ("cython3", "cython3")) if not shutil.which(tool)]
    if not missing or os.geteuid() != 0:
        return
    print(f"installing peers: {' '.join(missing)}", flush=True)
    cmd = ["apt-get", "install", "-y", "-qq"] + missing
    if subprocess.run(cmd, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
        subprocess.run(cmd, capture_output=True)


def warm_runtime(python: str, workroot: str) -> None:
    """Builds pyc2c's runtime archive once, so that build times are the module's own
    (the archive is built once per interpreter and compiler, then cached)."""
    d = os.path.join(workroot, "warm")
    os.makedirs(d)
    with open(os.path.join(d, "warm.py"), "w") as f:
        f.write("def one() -> int:\n    return 1\n")
    subprocess.run([os.path.join(builders.ROOT, "build", "pyc2c"), os.path.join(d, "warm.py"), "--python", python],
                   capture_output=True)


def default_n(python: str, name: str) -> int:
    code = f"import sys; sys.path.insert(0, {PROGRAMS!r}); import {name}; print({name}.DEFAULT_N)"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def run_worker(python: str, directory: str, name: str, n: int, reps: int) -> Dict:
    proc = subprocess.run([python, os.path.join(HERE, "worker.py"), directory, name, str(n), str(reps)],
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        return {"error": lines[-1] if lines else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_c(exe: str, n: int, reps: int) -> Dict:
    proc = subprocess.run([exe, str(n), str(reps)], capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}"}
    lines = proc.stdout.split()
    return {"checksum": lines[1], "times": [float(x) for x in lines[2:]]}


def measure_program(args, name: str, workroot: str) -> Dict:
    n = max(1, int(default_n(args.python, name) * args.scale))
    row: Dict = {"name": name, "n": n, "results": {}, "builds": {}}
    program = os.path.join(PROGRAMS, name + ".py")
    tools = SETS[args.set][1] or list(builders.BUILDERS)
    runs = {"CPython": lambda reps: run_worker(args.python, PROGRAMS, name, n, reps)}
    for tool, build in builders.BUILDERS.items():
        if tool not in tools:
            continue
        b = build(program, os.path.join(workroot, tool, name), args.python)
        row["builds"][tool] = b
        if b.directory:
            runs[tool] = lambda reps, d=b.directory: run_worker(args.python, d, name, n, reps)
        else:
            row["results"][tool] = {"error": b.reason}
    pypy = shutil.which("pypy3")
    if pypy and args.set == "programs":
        runs["PyPy"] = lambda reps: run_worker(pypy, PROGRAMS, name, n, reps)
    c_source = os.path.join(C_DIR, name + ".c")
    if os.path.exists(c_source) and args.set == "programs":
        b = builders.build_c(c_source, os.path.join(workroot, "c"))
        if b.directory:
            runs["C"] = lambda reps, d=b.directory: run_c(d, n, reps)
        else:
            row["results"]["C"] = {"error": b.reason}
    for _ in range(args.rounds):   # interleaved: every variant once per round
        for variant, run in runs.items():
            r = run(args.reps)
            prev = row["results"].get(variant)
            if prev is None or "error" in r:
                row["results"][variant] = r
            elif "error" not in prev:
                prev["times"] = prev.get("times", []) + r.get("times", [])
                if r.get("checksum") != prev.get("checksum"):
                    prev["checksum"] = f"unstable: {prev.get('checksum')} then {r.get('checksum')}"
    check_checksums(row)
    return row


def check_checksums(row: Dict) -> None:
    ref = row["results"]["CPython"].get("checksum")
    for variant, r in row["results"].items():
        if "checksum" in r and r["checksum"] != ref:
            r["mismatch"] = f"checksum {r['checksum']} != CPython's {ref}"


def versions(python: str) -> Dict[str, str]:
    def first_line(cmd: List[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "not installed"
    cython = shutil.which("cython") or shutil.which("cython3")
    return {
        "CPython": first_line([python, "--version"]),
        "pyc2c": first_line([os.path.join(builders.ROOT, "build", "pyc2c"), "--version"]),
        "mypyc": first_line(["mypy", "--version"]),
        "Cython": first_line([cython, "--version"]) if cython else "not installed",
        "PyPy": first_line(["pypy3", "--version"]) if shutil.which("pypy3") else "not installed",
        "cc": first_line(["cc", "--version"]),
    }


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {model}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), default="programs", help="which program set (default programs)")
    ap.add_argument("--programs", help="comma-separated subset (default: all)")
    ap.add_argument("--reps", type=int, default=2, help="timed calls per variant and round (default 2)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds of every variant (default 3)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every DEFAULT_N (quick runs)")
    ap.add_argument("--python", default="/usr/bin/python3", help="the one interpreter for every variant")
    ap.add_argument("--no-compile-speed", action="store_true")
    ap.add_argument("--results", help="where to write the tables (default: results.md of the set)")
    ap.add_argument("--no-install", action="store_true", help="do not apt-get install missing peers")
    args = ap.parse_args()
    global PROGRAMS
    PROGRAMS = SETS[args.set][0]
    if args.results is None:
        args.results = os.path.join(HERE, "results.md") if args.set == "programs" else os.path.join(PROGRAMS, "results.md")
    if args.reps * args.rounds < 5:
        print("note: fewer than 5 timed calls: medians are less reliable", file=sys.stderr)
    if not args.no_install:
        ensure_peers()
    order = ORDER if args.set == "programs" else TYPED_OO_ORDER
    names = args.programs.split(",") if args.programs else [p for p in order
                                                           if os.path.exists(os.path.join(PROGRAMS, p + ".py"))]
    rows = []
    with tempfile.TemporaryDirectory(prefix="pyc2c-bench-") as workroot:
        os.environ["PYC2C_CACHE_DIR"] = os.path.join(workroot, "cache")   # no stale build cache
        warm_runtime(args.python, workroot)
        for name in names:
            print(f"== {name}", flush=True)
            rows.append(measure_program(args, name, workroot))
        speed = None if args.no_compile_speed else compile_speed.measure(args.python, workroot)
    text = report.render(rows, speed, versions(args.python), machine(), str(date.today()), args)
    print(text)
    write_results(args.results, text)
    mismatches = [(r["name"], v) for r in rows for v, res in r["results"].items() if "mismatch" in res]
    for name, variant in mismatches:
        print(f"CHECKSUM MISMATCH: {name} under {variant}", file=sys.stderr)
    return 1 if mismatches else 0


# Hand-written notes on earlier runs sit below this line in a results file and survive a rerun.
HISTORY_MARK = "<!-- Earlier runs: bench/run.py keeps this line and everything below it when it rewrites the tables above. -->"


def write_results(path: str, text: str) -> None:
    kept = ""
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
        if HISTORY_MARK in old:
            kept = "\n" + old[old.index(HISTORY_MARK):]
    with open(path, "w") as f:
        f.write(text + kept)


if __name__ == "__main__":
    sys.exit(main())
