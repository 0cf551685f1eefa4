"""Instructions of each bench/user program's main(DEFAULT_N), interpreted against
compiled, counted by valgrind's callgrind (import subtracted, PYTHONHASHSEED=0): a
measure that a loaded, shared machine does not disturb. Instructions are not time
(cache misses and allocation differ), so quote CPU times from make bench-user or
bench/user_interleaved.py beside them.

    python3 bench/user_instructions.py [--pyc2c build/pyc2c] [--python PY] [PROGRAM ...]"""
import argparse
import math
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
USER = os.path.join(HERE, "user")

DRIVER = """
import sys
sys.path.insert(0, sys.argv[1])
m = __import__(sys.argv[2])
for _ in range(int(sys.argv[3])):
    m.main(m.DEFAULT_N)
"""


def instructions(python, driver, directory, name, calls):
    with tempfile.NamedTemporaryFile(suffix=".cg", delete=False) as f:
        out = f.name
    try:
        env = dict(os.environ, PYTHONHASHSEED="0")
        run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                              python, driver, directory, name, str(calls)],
                             capture_output=True, text=True, env=env)
        if run.returncode != 0:
            raise RuntimeError(run.stderr[-800:])
        refs = re.search(r"refs:\s+([\d,]+)", run.stderr)
        return int(refs.group(1).replace(",", ""))
    finally:
        os.unlink(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pyc2c", default=os.path.join(HERE, "..", "build", "pyc2c"))
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("programs", nargs="*")
    args = ap.parse_args()
    names = args.programs or sorted(f[:-3] for f in os.listdir(USER) if f.endswith(".py"))
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
            counts = {}
            for label, directory in (("interp", USER), ("pyc2c", ext_dir)):
                counts[label] = (instructions(args.python, driver, directory, name, 1)
                                 - instructions(args.python, driver, directory, name, 0))
            ratio = counts["interp"] / counts["pyc2c"]
            ratios.append(ratio)
            print(f"{name:16s} {counts['interp'] / 1e6:9.1f}M {counts['pyc2c'] / 1e6:9.1f}M  {ratio:5.2f}x",
                  flush=True)
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"geomean {geo:.2f}x fewer instructions compiled, {len(ratios)} programs")


if __name__ == "__main__":
    main()
