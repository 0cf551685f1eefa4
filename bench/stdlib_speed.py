"""`make bench` (second part): stdlib modules compiled by pyc2c against the same modules
interpreted, on a representative workload each.

    python3 bench/stdlib_speed.py [--pyc2c build/pyc2c] [--python PY] [--reps 5] [--scale 1.0]
                                  [--rounds 2] [--results bench/stdlib_speed.md]

textwrap.py and fractions.py of the target interpreter's standard library
(sysconfig.get_paths()["stdlib"]) are compiled with pyc2c into a temporary directory.
Each workload then runs in separate processes, against the plain stdlib module
(interpreted) and with the compiled directory first on sys.path (the worker checks that
the module's __file__ ends with the extension suffix): each process does one warm-up,
then --reps timed calls; --rounds processes per variant run alternately (so a change of
machine load hits both variants) and the median of all their timed calls is quoted. The checksums of the two runs (a hash of the wrapped
text, the exact Fraction) must agree: a mismatch is flagged and makes the run exit 1.

Workloads:
  textwrap   wrap() and fill() of a ~6 KB text at several widths (with indents,
             break_on_hyphens off/on), plus shorten() and dedent()/indent()
  fractions  sum(Fraction(1, k) for k in 1..N), then mixed arithmetic, comparisons,
             hashing, parsing and limit_denominator() on many small Fractions
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Runs in a fresh interpreter: `PY -c WORKER MODE DIR MODULE SCALE REPS EXT`.
# MODE is "compiled" (DIR first on sys.path, the module must be the extension) or
# "interpreted" (the plain stdlib module, which must be the .py).
WORKER = r'''
import hashlib, json, sys, time
mode, directory, name, scale, reps, ext = sys.argv[1:7]
scale, reps = float(scale), int(reps)
if mode == "compiled":
    sys.path.insert(0, directory)
mod = __import__(name)
where = getattr(mod, "__file__", "") or ""
if mode == "compiled" and not where.endswith(ext):
    sys.exit("%s was imported from %r, not the compiled extension (%s)" % (name, where, ext))
if mode == "interpreted" and not where.endswith(".py"):
    sys.exit("%s was imported from %r, not the stdlib source" % (name, where))

WORDS = ("the quick brown fox jumps over a lazy dog while seventeen well-known "
         "hyphenated-compound-words and supercalifragilisticexpialidocious tokens "
         "mix\twith tabs, punctuation; numbers 3.14159 and 2718281828 appear too").split(" ")

def make_text(nbytes):
    out, i = [], 0
    size = 0
    while size < nbytes:
        w = WORDS[(i * 7 + i // 5) % len(WORDS)]
        out.append(w)
        size += len(w) + 1
        i += 1
        if i % 23 == 0:
            out.append("\n")
    return " ".join(out)

def bench_textwrap(n):
    tw = mod
    text = make_text(6000)
    indented = tw.indent(text[:1500], "    ")
    h = hashlib.sha256()
    for _ in range(n):
        for width in (18, 40, 72, 100):
            lines = tw.wrap(text, width)
            h.update("\n".join(lines).encode())
            h.update(tw.fill(text, width, initial_indent="* ", subsequent_indent="  ",
                             break_on_hyphens=(width % 2 == 0)).encode())
        h.update(tw.shorten(text, 200, placeholder=" [...]").encode())
        h.update(tw.dedent(indented).encode())
    return h.hexdigest()

def bench_fractions(n):
    F = mod.Fraction
    total = F(0)
    for rep in range(n):  # harmonic sums of shifted ranges: many additions, moderate sizes
        total += sum(F(1, k) for k in range(1 + rep, 300 + rep))
    best, window, bigger, hashes = F(-10 ** 9), F(0), 0, 0
    for k in range(1, 250 * n + 1):  # mixed arithmetic, comparisons, hashing on small values
        a = F(k, k % 97 + 1)
        b = F(-(k % 13) - 1, k % 31 + 2)
        c = a * b - a / (b * b) + (a ** 2) % 7 - abs(b) // 1
        window += c
        if a > b and c <= a:
            bigger += 1
        if k % 25 == 0:
            if window > best:
                best = window
            hashes ^= hash(window)
            window = F(0)
    parsed = sum(F("%d/%d" % (k, k + 1)) for k in range(1, 10 * n + 1))
    approx = F(3.141592653589793).limit_denominator(10 ** 6)
    exact = "%s|%s|%d|%d|%s|%s" % (total, best, bigger, hashes, parsed, approx)
    return "%s..(%d chars, sha256 %s)" % (exact[:40], len(exact), hashlib.sha256(exact.encode()).hexdigest()[:16])

fn = {"textwrap": bench_textwrap, "fractions": bench_fractions}[name]
n = max(1, int(round({"textwrap": 100, "fractions": 100}[name] * scale)))
checksum = fn(n)  # warm-up
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    c = fn(n)
    times.append(time.perf_counter() - t0)
    if c != checksum:
        checksum = "unstable: %s then %s" % (checksum, c)
print(json.dumps({"checksum": checksum, "times": times, "file": where, "n": n}))
'''

WORKLOADS = [
    ("textwrap", "wrap/fill ~6 KB text, 4 widths, + shorten/dedent"),
    ("fractions", "sum of 1/k, mixed arithmetic/comparisons/hash/parse"),
]


def query(python, code):
    return subprocess.run([python, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def run_worker(python, mode, directory, name, args, ext):
    proc = subprocess.run([python, "-c", WORKER, mode, directory, name, str(args.scale),
                           str(args.reps), ext], capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        return {"error": lines[-1] if lines else "exit %d" % proc.returncode}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compile_module(args, src, outdir):
    """Builds src into outdir (never next to the stdlib source); returns (seconds, error,
    the last line of --report: how much of the module is native)."""
    t0 = time.perf_counter()
    proc = subprocess.run([args.pyc2c, src, "-o", outdir, "--python", args.python, "--report"],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    report = [l.strip() for l in proc.stdout.splitlines() if l.strip()]
    report = report[-1] if report else "?"
    if proc.returncode != 0:
        lines = [l for l in (proc.stderr + proc.stdout).splitlines() if l.strip()]
        return None, lines[-1] if lines else "exit %d" % proc.returncode, report
    return elapsed, None, report


def merge(row, key, r):
    """Pools the timed calls of several worker processes of one variant."""
    prev = row.get(key)
    if prev is None or "error" in r:
        row[key] = r
    elif "error" not in prev:
        prev["times"] += r["times"]
        if prev["checksum"] != r["checksum"]:
            prev["checksum"] = "unstable: %s then %s" % (prev["checksum"], r["checksum"])


def fmt_time(r):
    if "error" in r:
        return "— (%s)" % r["error"]
    return "%.3f" % statistics.median(r["times"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pyc2c", default=os.path.join(ROOT, "build", "pyc2c"))
    ap.add_argument("--python", default=sys.executable, help="target interpreter (default: this one)")
    ap.add_argument("--reps", type=int, default=5, help="timed calls per variant (default 5)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the workload sizes")
    ap.add_argument("--rounds", type=int, default=2,
                    help="worker processes per variant, run alternately (default 2)")
    ap.add_argument("--results", default=os.path.join(HERE, "stdlib_speed.md"),
                    help="where to write the table ('' for nowhere)")
    args = ap.parse_args()
    args.pyc2c = os.path.abspath(args.pyc2c)
    if args.reps < 5:
        print("note: fewer than 5 timed calls: medians are less reliable", file=sys.stderr)
    stdlib = query(args.python, "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
    ext = query(args.python, "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))")
    version = query(args.python, "import sys; print(sys.version.split()[0])")

    rows = []
    with tempfile.TemporaryDirectory(prefix="pyc2c-stdlib-bench-") as outdir:
        os.environ["PYC2C_CACHE_DIR"] = os.path.join(outdir, ".cache")  # no stale build cache
        for name, desc in WORKLOADS:
            print("== %s" % name, flush=True)
            src = os.path.join(stdlib, name + ".py")
            build_s, build_err, report = compile_module(args, src, outdir)
            row = {"name": name, "desc": desc, "build": build_s, "report": report}
            variants = [("cpython", "interpreted"), ("pyc2c", "compiled")]
            for rnd in range(args.rounds):  # alternate the order: load shifts hit both variants
                for key, mode in (variants if rnd % 2 == 0 else variants[::-1]):
                    if key == "pyc2c" and build_err is not None:
                        row[key] = {"error": "pyc2c failed: " + build_err}
                        continue
                    merge(row, key, run_worker(args.python, mode, outdir, name, args, ext))
            a, b = row["cpython"], row["pyc2c"]
            if "checksum" in a and "checksum" in b and a["checksum"] != b["checksum"]:
                row["mismatch"] = "checksum %s != CPython's %s" % (b["checksum"], a["checksum"])
            rows.append(row)

    out = ["## Compiled standard-library modules", "",
           "Date: %s. Machine: %s %s, %d cores. Interpreter: CPython %s (%s)." % (
               date.today(), platform.system(), platform.machine(), os.cpu_count() or 1,
               version, args.python),
           "Each module of that interpreter's stdlib compiled by pyc2c vs the same module "
           "interpreted; %d processes per variant (alternating), each a warm-up + %d timed calls; "
           "medians of all timed calls, scale %g; checksums compared." % (args.rounds, args.reps, args.scale), "",
           "| module | workload | CPython s | pyc2c s | speedup | checksum | native code (pyc2c --report) |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        a, b = r["cpython"], r["pyc2c"]
        if "times" in a and "times" in b:
            speed = "%.2fx" % (statistics.median(a["times"]) / statistics.median(b["times"]))
        else:
            speed = "—"
        check = ("MISMATCH" if "mismatch" in r else "equal" if "checksum" in a and "checksum" in b
                 else "—")
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], r["desc"], fmt_time(a), fmt_time(b), speed, check, r["report"]))
    text = "\n".join(out) + "\n"
    print(text)
    if args.results:
        with open(args.results, "w") as f:
            f.write(text)
    bad = [r for r in rows if "mismatch" in r or "error" in r["cpython"] or "error" in r["pyc2c"]]
    for r in bad:
        print("PROBLEM: %s: %s" % (r["name"], r.get("mismatch") or r["pyc2c"].get("error")
                                   or r["cpython"].get("error")), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
