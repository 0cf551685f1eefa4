"""Interleaved CPU-time comparison of bench/user programs, interpreted against compiled,
in one process: each program's main(DEFAULT_N) alternately from its source and from its
extension (`time.process_time`, the median of --reps of each). Less sensitive to a noisy
machine than separate processes (make bench-user); checksums must agree.

    python3 bench/user_interleaved.py [--pyc2c build/pyc2c] [--reps 5] [PROGRAM ...]"""
import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
USER = os.path.join(HERE, "user")


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pyc2c", default=os.path.join(HERE, "..", "build", "pyc2c"))
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("programs", nargs="*")
    args = ap.parse_args()
    names = args.programs or sorted(f[:-3] for f in os.listdir(USER) if f.endswith(".py"))
    sys.path.insert(0, USER)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="pyc2c-user-") as out:
        for name in names:
            src = os.path.join(USER, name + ".py")
            build = subprocess.run([args.pyc2c, src, "-o", out, "--python", sys.executable],
                                   capture_output=True, text=True)
            if build.returncode != 0:
                print(f"{name:16s} BUILD FAILED\n{build.stderr[-500:]}")
                bad += 1
                continue
            ext = next(f for f in os.listdir(out) if f.startswith(name + ".") and f.endswith(".so"))
            interp, compiled = load("interp_" + name, src), load(name, os.path.join(out, ext))
            n = interp.DEFAULT_N
            same = interp.main(n) == compiled.main(n)
            ti, tc = [], []
            for _ in range(args.reps):
                t = time.process_time()
                interp.main(n)
                ti.append(time.process_time() - t)
                t = time.process_time()
                compiled.main(n)
                tc.append(time.process_time() - t)
            a, b = statistics.median(ti), statistics.median(tc)
            print(f"{name:16s} CPython {a:.4f}  pyc2c {b:.4f}  {a / b:5.2f}x  {'ok' if same else 'CHECKSUM MISMATCH'}",
                  flush=True)
            bad += not same
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
