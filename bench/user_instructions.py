"""Instructions of each bench/user program's main(DEFAULT_N), interpreted against
compiled, counted by valgrind's callgrind (import subtracted, PYTHONHASHSEED=0): a
measure that a loaded, shared machine does not disturb. Instructions are not time, so
quote CPU times from make bench-user or bench/user_interleaved.py beside them:
- the compiled code leaves CPython's memory traffic (allocation, dict and heap walks over
  objects scattered in memory) as it is, so a program whose time goes to cache misses
  gains less time than instructions (session 18: heap_schedule ran 2.8x fewer
  instructions but only 1.2x less CPU time, its heap pops waiting on misses). --misses
  adds cachegrind's D1 and last-level misses, the last level simulated as this machine's
  2 MB L2 (valgrind would otherwise simulate the 480 MB L3, which nothing misses).
- the default interpreter is the one running this script (pyenv's 3.11.7, built without
  PGO: CPython's own work costs ~15% more instructions there than in Debian's
  /usr/bin/python3, which make bench-user times). --python /usr/bin/python3 measures that.

- instructions are not equally dear on both sides either: --cpu also times main(DEFAULT_N)
  interpreted and compiled, interleaved in one process (CPU time, median of rounds), and
  prints instructions per nanosecond of each: the CPU ratio is the instruction ratio times
  compiled/interpreted rate. On this machine (Xeon, model 207, ~2.9 GHz) CPython ran
  tokenizer at 16-20 instructions/ns (IPC 5-6: its dispatch and reference counting run
  beside the work, e.g. `for i in range(n): pass` is 183 instructions, counted by single
  steps, in 28 cycles) and the compiled code at 9-11, so 3.5x fewer instructions were
  2x less CPU time (session 24); itertools_mix ran at the same rate on both sides.
  A low compiled rate points at latency the instructions hide (a call into libpython
  with dependent table loads, a pointer chase, GC and allocation shared with CPython).

    python3 bench/user_instructions.py [--pyc2c build/pyc2c] [--python PY] [--misses] [--cpu] [PROGRAM ...]"""
import argparse
import math
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
USER = os.path.join(HERE, "user")

# Loads the module from the file named (the .py, or the built extension), never by a
# search of sys.path: an extension left beside the source (`pyc2c --report x.py` builds
# one there) would otherwise be imported for the interpreted run.
DRIVER = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location(sys.argv[2], sys.argv[1])
m = importlib.util.module_from_spec(spec)
sys.modules[sys.argv[2]] = m
spec.loader.exec_module(m)
for _ in range(int(sys.argv[3])):
    m.main(m.DEFAULT_N)
"""


# Times main(DEFAULT_N) of the source and of the extension alternately in one process:
# argv: source, extension, name, rounds; prints the two medians (seconds).
TIMER = """
import importlib.util, statistics, sys, time
def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    m = importlib.util.module_from_spec(spec)
    sys.modules[name] = m
    spec.loader.exec_module(m)
    return m
a, b = load(sys.argv[3] + "_interp", sys.argv[1]), load(sys.argv[3], sys.argv[2])
n = a.DEFAULT_N
a.main(n), b.main(n)
ta, tb = [], []
t = time.process_time()
reps = 0
while reps < int(sys.argv[4]) or (time.process_time() - t < 1.0 and reps < 500):
    for m, ts in ((a, ta), (b, tb)):
        t0 = time.process_time()
        m.main(n)
        ts.append(time.process_time() - t0)
    reps += 1
print(statistics.median(ta), statistics.median(tb))
"""


def count(stderr, label):
    m = re.search(label + r":\s+([\d,]+)", stderr)
    return int(m.group(1).replace(",", ""))


def instructions(python, driver, path, name, calls, misses=False):
    """Instructions, or with misses (instructions, D1 misses, last-level misses)."""
    with tempfile.NamedTemporaryFile(suffix=".cg", delete=False) as f:
        out = f.name
    try:
        env = dict(os.environ, PYTHONHASHSEED="0")
        tool = (["--tool=cachegrind", "--cache-sim=yes", "--LL=2097152,16,64", "--cachegrind-out-file=" + out]
                if misses else ["--tool=callgrind", "--callgrind-out-file=" + out])
        run = subprocess.run(["valgrind"] + tool + [python, driver, path, name, str(calls)],
                             capture_output=True, text=True, env=env)
        if run.returncode != 0:
            raise RuntimeError(run.stderr[-800:])
        if misses:
            return count(run.stderr, "I +refs"), count(run.stderr, "D1  misses"), count(run.stderr, "LL misses")
        return count(run.stderr, "refs")
    finally:
        os.unlink(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pyc2c", default=os.path.join(HERE, "..", "build", "pyc2c"))
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--misses", action="store_true", help="also D1 and L2-sized last-level misses (cachegrind)")
    ap.add_argument("--cpu", action="store_true", help="also CPU time of each side and instructions per ns")
    ap.add_argument("programs", nargs="*")
    args = ap.parse_args()
    names = args.programs or sorted(f[:-3] for f in os.listdir(USER) if f.endswith(".py"))
    print(f"interpreter: {args.python}", flush=True)
    ratios = []
    with tempfile.TemporaryDirectory(prefix="pyc2c-uinstr-") as out:
        driver = os.path.join(out, "driver.py")
        with open(driver, "w") as f:
            f.write(DRIVER)
        ext_dir = os.path.join(out, "ext")
        for name in names:
            build = subprocess.run([args.pyc2c, os.path.join(USER, name + ".py"), "-o", ext_dir,
                                    "--python", args.python], capture_output=True, text=True)
            if build.returncode != 0:
                print(f"{name:16s} BUILD FAILED\n{build.stderr[-500:]}", flush=True)
                continue
            counts, missed = {}, {}
            ext = next(os.path.join(ext_dir, f) for f in os.listdir(ext_dir)
                       if f.startswith(name + ".") and f.endswith(".so"))
            for label, path in (("interp", os.path.join(USER, name + ".py")), ("pyc2c", ext)):
                if args.misses:
                    one, zero = (instructions(args.python, driver, path, name, c, True) for c in (1, 0))
                    counts[label], missed[label] = one[0] - zero[0], (one[1] - zero[1], one[2] - zero[2])
                else:
                    counts[label] = (instructions(args.python, driver, path, name, 1)
                                     - instructions(args.python, driver, path, name, 0))
            ratio = counts["interp"] / counts["pyc2c"]
            ratios.append(ratio)
            extra = "".join(f"  {label} D1/LL misses {d1 / 1e6:.2f}M/{ll / 1e6:.2f}M" for label, (d1, ll) in missed.items())
            if args.cpu:
                timed = subprocess.run([args.python, "-c", TIMER, os.path.join(USER, name + ".py"), ext, name, "15"],
                                       capture_output=True, text=True, check=True)
                ti, tc = map(float, timed.stdout.split())
                extra += (f"  CPU {ti * 1e3:.2f}/{tc * 1e3:.2f} ms {ti / tc:5.2f}x"
                          f"  instr/ns {counts['interp'] / ti / 1e9:.1f}/{counts['pyc2c'] / tc / 1e9:.1f}")
            print(f"{name:16s} {counts['interp'] / 1e6:9.1f}M {counts['pyc2c'] / 1e6:9.1f}M  {ratio:5.2f}x{extra}",
                  flush=True)
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"geomean {geo:.2f}x fewer instructions compiled, {len(ratios)} programs")


if __name__ == "__main__":
    main()
