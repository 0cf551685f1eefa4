"""Real code nobody here wrote: compiles pure-Python standard-library modules with pyc2c
into a directory that holds only the extensions, checks that importing each module
loads the .so, then runs CPython's own test file for it against the compiled module.

    python3 tests/run_stdlib.py --pyc2c build/pyc2c [--python PY] [MODULE ...]

Prints PASS/FAIL per module and a summary line `N passed, N failed`."""
import argparse
import os
import subprocess
import sys
import tempfile

MODULES = ["colorsys", "bisect", "heapq", "textwrap", "shlex", "graphlib", "fractions", "string",
           "calendar", "base64", "difflib", "statistics", "types", "functools"]


def query(python, expr):
    return subprocess.run([python, "-c", f"import sysconfig; print({expr})"], capture_output=True,
                          text=True, check=True).stdout.strip()


def run_one(args, name, outdir, stdlib, suffix):
    src = os.path.join(stdlib, name + ".py")
    build = subprocess.run([args.pyc2c, src, "-o", outdir, "--python", args.python],
                           capture_output=True, text=True)
    if build.returncode != 0:
        return False, "pyc2c failed:\n" + build.stderr
    env = dict(os.environ, PYTHONPATH=outdir)
    where = subprocess.run([args.python, "-c", f"import {name}; print({name}.__file__)"],
                           capture_output=True, text=True, env=env)
    if not where.stdout.strip().endswith(suffix):
        return False, f"imported {where.stdout.strip() or where.stderr} instead of the extension"
    test = subprocess.run([args.python, "-m", "test", f"test_{name}"], capture_output=True, text=True,
                          env=env, timeout=900)
    if test.returncode != 0 or "SUCCESS" not in test.stdout:
        return False, test.stdout[-3000:] + test.stderr[-2000:]
    return True, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pyc2c", default="build/pyc2c")
    ap.add_argument("--python", default="python3")
    ap.add_argument("modules", nargs="*", default=MODULES)
    args = ap.parse_args()
    args.pyc2c = os.path.abspath(args.pyc2c)
    stdlib = query(args.python, "sysconfig.get_paths()['stdlib']")
    suffix = query(args.python, "sysconfig.get_config_var('EXT_SUFFIX')")
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="pyc2c-stdlib-") as outdir:
        for name in args.modules:
            ok, why = run_one(args, name, outdir, stdlib, suffix)
            print(("PASS " if ok else "FAIL ") + name, flush=True)
            if not ok:
                print("  " + why.replace("\n", "\n  "))
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
