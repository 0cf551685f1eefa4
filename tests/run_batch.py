#!/usr/bin/env python3
"""Stale extensions (an import warning, `pyc2c check`) and many modules per run: `pyc2c build FILE DIR ... -j N` builds a tree (packages kept),
reports a failed module and still builds the rest (exit 1), a second run keeps every
unchanged module from the cache and rebuilds an edited one, each built module imports
and behaves as its source; `pyc2c cache info|clean` on a private cache directory.

  python3 tests/run_batch.py --pyc2c build/pyc2c [--python PY]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

TREE = {
    "top.py": "def twice(x: int) -> int:\n    return 2 * x\n",
    "pkg/__init__.py": "NAME: str = 'pkg'\n",
    "pkg/a.py": "from .sub.b import inc\n\n\ndef g(x: int) -> int:\n    return inc(x) * 3\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/b.py": "def inc(x: int) -> int:\n    return x + 1\n",
    "bad/broken.py": 'def f() -> int:\n    return "no"\n',
}
CHECK = ("import top, pkg, pkg.a, pkg.sub.b, importlib.machinery as m\n"
         "for mod in (top, pkg, pkg.a, pkg.sub.b):\n"
         "    assert isinstance(mod.__loader__, m.ExtensionFileLoader), mod.__file__\n"
         "print(top.twice(21), pkg.NAME, pkg.a.g(1), pkg.sub.b.inc(1))\n")


def write_tree(root):
    for rel, text in TREE.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def expect(cond, what, output=""):
    if not cond:
        raise SystemExit(f"FAIL: {what}\n{output}")
    print(f"ok    {what}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", required=True)
    ap.add_argument("--python", default="python3")
    args = ap.parse_args()
    exe = os.path.abspath(args.pyc2c)
    tmp = tempfile.mkdtemp(prefix="pyc2c-batch-")
    env = dict(os.environ, PYC2C_CACHE_DIR=os.path.join(tmp, "cache"))
    src = os.path.join(tmp, "src")
    write_tree(src)

    def run(*argv):
        target = ["--python", args.python] if argv[0] == "build" else []
        proc = subprocess.run([exe, *argv, *target], cwd=src, env=env,
                              capture_output=True, text=True)
        return proc.returncode, proc.stdout + proc.stderr

    def check_import():
        proc = subprocess.run([args.python, "-c", CHECK], cwd=src, capture_output=True, text=True)
        return proc.stdout.strip(), proc.stderr

    try:
        rc, out = run("build", "top.py", "pkg", "bad/", "-j", "2")
        expect(rc == 1, "a failing module makes the run exit 1", out)
        expect("broken.py:2:12: error: incompatible return value type" in out,
               "the failing module's diagnostic is shown", out)
        expect("6 modules: 5 built, 0 kept (unchanged), 1 failed" in out and
               "failed: bad/broken.py" in out, "the summary counts built and failed", out)
        got, err = check_import()
        expect(got == "42 pkg 6 2", "every other module was built and imports", got + err)

        rc, out = run("build", "top.py", "pkg", "-j2")
        expect(rc == 0 and "5 modules: 0 built, 5 kept (unchanged), 0 failed" in out,
               "an unchanged second run keeps every module", out)
        with open(os.path.join(src, "pkg/sub/b.py"), "a") as f:
            f.write("\n\ndef dec(x: int) -> int:\n    return x - 1\n")
        got, err = check_import()
        expect(got == "42 pkg 6 2" and err.count("RuntimeWarning") == 1 and
               "was built by pyc2c from an older" in err and "b.py" in err,
               "importing an extension older than its edited .py warns once", got + err)
        rc, out = run("check")
        expect(rc == 1 and "stale: ./pkg/sub/b." in out and "5 extensions built by pyc2c, 1 stale" in out,
               "pyc2c check lists the stale extension", out)
        rc, out = run("build", "top.py", "pkg")
        expect(rc == 0 and "1 built, 4 kept" in out and re.search(r"built pkg/sub/b\.py", out),
               "an edited module is rebuilt, the others kept", out)
        got, err = check_import()
        expect(got == "42 pkg 6 2" and not err, "the rebuilt tree imports without a warning", got + err)
        rc, out = run("check", ".")
        expect(rc == 0 and "1 stale" not in out and ", 0 stale" in out, "pyc2c check: none stale", out)

        rc, out = run("build", "nowhere/")
        expect(rc == 1 and "cannot read 'nowhere/'" in out, "a missing input is an error", out)
        rc, out = run("build", "top.py", "-j", "0")
        expect(rc == 2 and "-j wants a number" in out, "-j 0 is a usage error", out)

        rc, out = run("cache", "info")
        expect(rc == 0 and re.search(r"built modules:\s+([1-9]\d*)", out) and "cap 1024 MB" in out,
               "cache info lists the built modules and the cap", out)
        rc, out = run("cache", "clean")
        rc2, out2 = run("cache", "info")
        expect(rc == 0 and re.search(r"built modules:\s+0 ", out2), "cache clean empties it",
               out + out2)
        rc, out = run("cache", "shrink")
        expect(rc == 2 and "'info' or 'clean'" in out, "an unknown cache command is refused", out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("batch: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
