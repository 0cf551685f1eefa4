"""What the loop back-edge checks (runtime/interrupts.c) cost: every bench program built
twice by pyc2c, as usual and with CFLAGS=-DPYC2C_NO_INTERRUPT_CHECKS, timed alternately
in fresh processes (CPU time, medians of --reps runs each).

    python3 bench/interrupt_cost.py [--pyc2c build/pyc2c] [--programs fib,nbody] [--reps 5] [--scale 1.0]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TIMER = """
import sys, time
sys.path.insert(0, sys.argv[1])
import importlib
m = importlib.import_module(sys.argv[2])
n = int(sys.argv[3])
m.bench(n)
t = time.process_time(); m.bench(n); print(time.process_time() - t)
"""


def build(pyc2c: str, prog: str, out: str, cflags: str) -> None:
    os.makedirs(out, exist_ok=True)
    shutil.copy(os.path.join(HERE, "programs", prog + ".py"), out)
    env = dict(os.environ, CFLAGS=cflags)
    subprocess.run([pyc2c, os.path.join(out, prog + ".py")], check=True, env=env)
    os.remove(os.path.join(out, prog + ".py"))


def default_n(prog: str) -> int:
    with open(os.path.join(HERE, "programs", prog + ".py")) as f:
        for line in f:
            if line.startswith("DEFAULT_N"):
                return int(line.split("=")[1])
    raise SystemExit(f"{prog}: no DEFAULT_N")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", default=os.path.join(HERE, "..", "build", "pyc2c"))
    ap.add_argument("--programs", default="")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    progs = a.programs.split(",") if a.programs else sorted(
        p[:-3] for p in os.listdir(os.path.join(HERE, "programs")) if p.endswith(".py"))
    tmp = tempfile.mkdtemp(prefix="pyc2c-icost-")
    ratios = []
    print(f"{'program':15} {'checks s':>9} {'none s':>9} {'cost':>7}")
    try:
        for prog in progs:
            dirs = {"on": os.path.join(tmp, prog, "on"), "off": os.path.join(tmp, prog, "off")}
            build(a.pyc2c, prog, dirs["on"], "-O2")
            build(a.pyc2c, prog, dirs["off"], "-O2 -DPYC2C_NO_INTERRUPT_CHECKS")
            n = max(1, int(default_n(prog) * a.scale))
            times = {"on": [], "off": []}
            for _ in range(a.reps):
                for k in ("on", "off"):
                    r = subprocess.run([sys.executable, "-c", TIMER, dirs[k], prog, str(n)],
                                       check=True, capture_output=True, text=True)
                    times[k].append(float(r.stdout.split()[-1]))
            on, off = statistics.median(times["on"]), statistics.median(times["off"])
            ratios.append(on / off)
            print(f"{prog:15} {on:9.3f} {off:9.3f} {100 * (on / off - 1):+6.1f}%", flush=True)
        geo = statistics.geometric_mean(ratios)
        print(f"{'geomean':15} {'':9} {'':9} {100 * (geo - 1):+6.1f}%")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
