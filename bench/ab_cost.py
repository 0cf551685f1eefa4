"""Two builds of each bench program side by side: A and B, each a pyc2c binary plus C
flags (the same compiler with and without -DPYC2C_NO_INTERRUPT_CHECKS, or main's
compiler against a branch's). Reports CPU time (medians of --reps runs in fresh
processes, A and B alternating) and, with --instructions, the instructions the bench
call executes (valgrind's callgrind, import subtracted: deterministic under load).
Under callgrind the interrupt checks' slow path, which runs every 0.1 ms of wall time
(runtime/interrupts.c), runs some 50 times as often per instruction as natively: the
instruction counts overstate what the checks cost at full speed, so the instruction builds
add --instr-cflags (by default a slow path every second: what remains is the fast path's
cost). --target SECONDS doubles each program's n until one bench call takes that long
(the defaults run some programs for 20 ms, too short to time).

    python3 bench/ab_cost.py --a build/pyc2c --b ../main/build/pyc2c [--a-cflags ...]
        [--b-cflags ...] [--programs fib,nbody] [--reps 5] [--scale 1.0]
        [--instructions] [--iscale 0.1] [--target 0.5] [--instr-cflags ...]
"""
import argparse
import os
import re
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
if n:
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


def cpu_time(d: str, prog: str, n: int) -> float:
    r = subprocess.run([sys.executable, "-c", TIMER, d, prog, str(n)],
                       check=True, capture_output=True, text=True)
    return float(r.stdout.split()[-1])


def calibrate(d: str, prog: str, n: int, target: float) -> int:
    """n doubled until one bench(n) call takes target seconds of CPU time."""
    while target > 0 and cpu_time(d, prog, n) < target and n < 1 << 40:
        n *= 2
    return n


def instructions(d: str, prog: str, n: int) -> int:
    """Instructions of the run (two bench(n) calls) less those of the import alone."""
    def total(k: int) -> int:
        with tempfile.TemporaryDirectory() as t:
            out = os.path.join(t, "cg.out")
            r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                                sys.executable, "-c", TIMER, d, prog, str(k)],
                               check=True, capture_output=True, text=True)
            return int(re.search(r"Collected : (\d+)", r.stderr).group(1))
    return total(n) - total(0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", default=os.path.join(HERE, "..", "build", "pyc2c"))
    ap.add_argument("--b", default=os.path.join(HERE, "..", "build", "pyc2c"))
    ap.add_argument("--a-cflags", default="-O2")
    ap.add_argument("--b-cflags", default="-O2")
    ap.add_argument("--programs", default="")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--instructions", action="store_true")
    ap.add_argument("--iscale", type=float, default=0.1)
    ap.add_argument("--target", type=float, default=0.0)
    ap.add_argument("--instr-cflags", default="-DPYC2C_INTERRUPT_TARGET_NS=1000000000LL")
    a = ap.parse_args()
    progs = a.programs.split(",") if a.programs else sorted(
        p[:-3] for p in os.listdir(os.path.join(HERE, "programs")) if p.endswith(".py"))
    tmp = tempfile.mkdtemp(prefix="pyc2c-ab-")
    ratios, iratios = [], []
    print(f"{'program':15} {'n':>10} {'A s':>8} {'B s':>8} {'A/B':>7} {'A instr':>14} {'B instr':>14} {'A/B':>7}")
    try:
        for prog in progs:
            dirs = {"a": os.path.join(tmp, prog, "a"), "b": os.path.join(tmp, prog, "b")}
            build(a.a, prog, dirs["a"], a.a_cflags)
            build(a.b, prog, dirs["b"], a.b_cflags)
            n = calibrate(dirs["b"], prog, max(1, int(default_n(prog) * a.scale)), a.target)
            times = {"a": [], "b": []}
            for _ in range(a.reps):
                for k in ("a", "b"):
                    times[k].append(cpu_time(dirs[k], prog, n))
            ta, tb = statistics.median(times["a"]), statistics.median(times["b"])
            ratios.append(ta / tb)
            line = f"{prog:15} {n:>10} {ta:8.3f} {tb:8.3f} {100 * (ta / tb - 1):+6.1f}%"
            if a.instructions:
                ni = max(1, int(default_n(prog) * a.iscale))
                for k, pyc2c, cflags in (("ia", a.a, a.a_cflags), ("ib", a.b, a.b_cflags)):
                    dirs[k] = os.path.join(tmp, prog, k)
                    build(pyc2c, prog, dirs[k], cflags + " " + a.instr_cflags)
                ia, ib = instructions(dirs["ia"], prog, ni), instructions(dirs["ib"], prog, ni)
                iratios.append(ia / ib)
                line += f" {ia:14d} {ib:14d} {100 * (ia / ib - 1):+6.2f}%"
            print(line, flush=True)
        line = f"{'geomean':15} {'':>10} {'':8} {'':8} {100 * (statistics.geometric_mean(ratios) - 1):+6.1f}%"
        if iratios:
            line += f" {'':14} {'':14} {100 * (statistics.geometric_mean(iratios) - 1):+6.2f}%"
        print(line)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
