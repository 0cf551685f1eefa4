#!/usr/bin/env python3
"""Packaging tests: pyc2c installed with pip and with `make install`, and the sample
project (tests/packaging/sample: a package with two compiled modules, a plain module,
package data and a console script) built four ways, each installed into a fresh venv,
imported (its .so modules checked loaded), its console script and its own tests run:

  wheel     pip wheel via the PEP 517 backend pyc2c.build_meta
  build     python -m build --no-isolation (sdist, then the wheel from the sdist)
  editable  pip install -e . (PEP 660), then an edit picked up by a rebuild
  setup.py  a setup.py with ext_modules=pyc2cify([...])

and bad [tool.pyc2c] input: each must fail with a clear message and write no wheel.
Only Debian's pip, build, venv, setuptools and wheel are used (offline, no isolation),
so the interpreter is the one they belong to: --python (default /usr/bin/python3).

  python3 tests/packaging/run.py [--python PY] [-k NAME] [--keep]
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(REPO, "tests", "packaging")
OFFLINE = ["--no-build-isolation", "--no-index", "--no-deps"]
COMPILED = ("geom.vec", "geom.stats")

CHECK_IMPORT = """
import importlib.machinery, sys, geom, geom.util
for name in sys.argv[1].split(","):
    mod = __import__(name, fromlist=["x"])
    assert isinstance(mod.__loader__, importlib.machinery.ExtensionFileLoader), (name, mod.__file__)
    assert mod.__file__.endswith(importlib.machinery.EXTENSION_SUFFIXES[0]), mod.__file__
assert geom.util.__file__.endswith(".py"), geom.util.__file__
print("loaded", sys.argv[1], "from", geom.__path__[0])
"""


class Failure(Exception):
    pass


def run(cmd, cwd=None, expect_ok=True, env=None):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if expect_ok and proc.returncode != 0:
        raise Failure(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return proc


class Env:
    """One temp directory for the whole run: venvs, project copies, wheels."""

    def __init__(self, python, tmp):
        self.python = python
        self.tmp = tmp
        self.pyc2c_wheel = None

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def venv(self, name, with_pyc2c=False):
        """A fresh venv that sees the system's pip/setuptools/wheel/build."""
        d = self.path(name)
        run([self.python, "-m", "venv", "--system-site-packages", "--without-pip", d])
        py = os.path.join(d, "bin", "python")
        if with_pyc2c:
            pip_install(py, self.pyc2c_wheel)
        return py

    def project(self, name, overlay=None):
        d = self.path(name)
        shutil.copytree(os.path.join(HERE, "sample"), d)
        if overlay:
            for f in os.listdir(os.path.join(HERE, overlay)):
                shutil.copy(os.path.join(HERE, overlay, f), d)
        return d


def pip_install(py, *args):
    run([py, "-m", "pip", "install", "-q", *OFFLINE, *args])


def one_wheel(dist):
    wheels = glob.glob(os.path.join(dist, "*.whl"))
    if len(wheels) != 1:
        raise Failure(f"expected one wheel in {dist}, found {wheels}")
    return wheels[0]


def check_wheel(whl):
    """Platform tags, both extensions, the plain modules and data, RECORD, METADATA."""
    name = os.path.basename(whl)
    if "none-any" in name or not name.startswith("geom_sample-1.2.0-cp"):
        raise Failure(f"wheel {name} lacks platform tags")
    with zipfile.ZipFile(whl) as z:
        names = set(z.namelist())
        record = z.read("geom_sample-1.2.0.dist-info/RECORD").decode()
        meta = z.read("geom_sample-1.2.0.dist-info/METADATA").decode()
    sos = [n for n in names if n.endswith(".so")]
    wanted = {"geom/__init__.py", "geom/util.py", "geom/cli.py", "geom/data/coeffs.json"}
    if sorted(s.split(".")[0] for s in sos) != ["geom/stats", "geom/vec"] or not wanted <= names:
        raise Failure(f"wheel {name} holds {sorted(names)}")
    missing = [n for n in names if not n.endswith("RECORD") and n + "," not in record]
    if missing or "Name: geom-sample" not in meta or "Version: 1.2.0" not in meta:
        raise Failure(f"wheel {name}: RECORD misses {missing} or METADATA is wrong:\n{meta}")


def check_installed(env, py, project):
    """Imports from outside the project: .so loaded, console script, own tests."""
    away = env.path("away")
    os.makedirs(away, exist_ok=True)
    out = run([py, "-c", CHECK_IMPORT, ",".join(COMPILED)], cwd=away).stdout
    script = os.path.join(os.path.dirname(py), "geom-stats")
    got = run([script, "1", "2", "3", "4"], cwd=away).stdout.strip()
    if got != "mean=2.500 variance=1.250 median=2.5 scaled-mean=6.250":
        raise Failure(f"geom-stats printed {got!r}")
    # a fresh directory per check (id() of a freed path string can repeat between steps)
    tests = shutil.copytree(os.path.join(project, "tests"), os.path.join(tempfile.mkdtemp(dir=away), "tests"))
    run([py, "-m", "unittest", "discover", "-q", "-s", tests], cwd=away)
    return out.strip()


# ---- the four ways ----

def way_wheel(env):
    proj = env.project("p_wheel")
    py = env.venv("v_wheel_build", with_pyc2c=True)
    run([py, "-m", "pip", "wheel", "-q", *OFFLINE, "-w", proj + "/dist", proj])
    whl = one_wheel(proj + "/dist")
    check_wheel(whl)
    target = env.venv("v_wheel")
    pip_install(target, whl)
    return check_installed(env, target, proj)


def way_build(env):
    proj = env.project("p_build")
    py = env.venv("v_build_build", with_pyc2c=True)
    run([py, "-m", "build", "--no-isolation", "--outdir", proj + "/dist", proj])
    sdists = glob.glob(proj + "/dist/*.tar.gz")
    with tarfile.open(sdists[0]) as t:
        names = [n.split("/", 1)[1] for n in t.getnames() if "/" in n]
    if not {"geom/vec.py", "geom/stats.py", "pyproject.toml"} <= set(names) or \
            any(n.endswith((".so", ".c")) for n in names):
        raise Failure(f"sdist holds {sorted(names)}")
    whl = one_wheel(proj + "/dist")
    check_wheel(whl)
    target = env.venv("v_build")
    pip_install(target, whl)
    return check_installed(env, target, proj)


EDIT = "\n\ndef triple(n: int) -> int:\n    return 3 * n\n"


def way_editable(env):
    proj = env.project("p_editable")
    py = env.venv("v_editable", with_pyc2c=True)
    pip_install(py, "-e", proj)
    out = check_installed(env, py, proj)
    if proj not in out:
        raise Failure(f"editable install does not import from the project: {out}")
    with open(os.path.join(proj, "geom", "stats.py"), "a") as f:
        f.write(EDIT)
    pip_install(py, "-e", proj)
    check = "import geom.stats as s; assert s.triple(14) == 42; print(s.__file__)"
    so = run([py, "-c", check], cwd=env.path("away")).stdout.strip()
    if not so.endswith(".so"):
        raise Failure(f"after the edit geom.stats comes from {so}")
    return out + "; rebuilt after an edit"


def way_setup_py(env):
    proj = env.project("p_setup", overlay="setup_py")
    py = env.venv("v_setup_build", with_pyc2c=True)
    run([py, "-m", "pip", "wheel", "-q", *OFFLINE, "-w", proj + "/dist", proj])
    whl = one_wheel(proj + "/dist")
    check_wheel(whl)
    target = env.venv("v_setup")
    pip_install(target, whl)
    return check_installed(env, target, proj)


WAYS = {"wheel": way_wheel, "build": way_build, "editable": way_editable,
        "setup.py": way_setup_py}

# ---- bad input: (name, [tool.pyc2c] body, extra file, text the error must hold) ----

BAD = [
    ("missing-file", 'modules = ["geom/nope.py"]', None, "module 'geom/nope.py' does not exist"),
    ("empty-glob", 'modules = ["geom/fast_*.py"]', None, "'geom/fast_*.py' matches no file"),
    ("compile-error", 'modules = ["geom/broken.py"]',
     ("geom/broken.py", 'def f() -> int:\n    x: int = "text"\n    return x\n'),
     'broken.py:2:14: error: incompatible types in assignment'),
    ("unknown-key", 'modules = ["geom/vec.py"]\noptimize = 3', None, "unknown key 'optimize'"),
    ("bad-opt-level", 'modules = ["geom/vec.py"]\nopt-level = 7', None,
     "'opt-level' must be 0, 1, 2 or 3"),
]


def bad_case(env, py, name, body, extra, message):
    proj = env.project("bad_" + name)
    pyproject = os.path.join(proj, "pyproject.toml")
    with open(pyproject) as f:
        text = f.read()
    with open(pyproject, "w") as f:
        f.write(text.split("[tool.pyc2c]")[0] + "[tool.pyc2c]\n" + body + "\n")
    if extra:
        with open(os.path.join(proj, extra[0]), "w") as f:
            f.write(extra[1])
    proc = run([py, "-m", "pip", "wheel", *OFFLINE, "-w", proj + "/dist", proj], expect_ok=False)
    output = proc.stdout + proc.stderr
    if proc.returncode == 0 or message not in output:
        raise Failure(f"exit {proc.returncode}, expected {message!r} in:\n{output[-3000:]}")
    if glob.glob(proj + "/dist/*.whl"):
        raise Failure("a wheel was written")
    return "refused: " + message


# ---- pyc2c itself ----

def build_pyc2c_wheel(env):
    dist = env.path("pyc2c_dist")
    run([env.python, "-m", "pip", "wheel", "-q", *OFFLINE, "-w", dist, REPO])
    env.pyc2c_wheel = one_wheel(dist)
    if not os.path.basename(env.pyc2c_wheel).startswith("pyc2c-") or "none-any" in env.pyc2c_wheel:
        raise Failure(f"pyc2c wheel {env.pyc2c_wheel} lacks a platform tag")
    py = env.venv("v_pyc2c")
    pip_install(py, env.pyc2c_wheel)
    version = run([os.path.join(os.path.dirname(py), "pyc2c"), "--version"]).stdout
    if f"runtime: {env.path('v_pyc2c')}/lib/" not in version:
        raise Failure(f"pip-installed pyc2c finds its runtime elsewhere:\n{version}")
    return version.splitlines()[1]


def make_install(env):
    """make install PREFIX=..., moved elsewhere, still finds its runtime and builds."""
    first, moved = env.path("prefix"), env.path("prefix_moved")
    run(["make", "-C", REPO, "-s", "install", f"PREFIX={first}"])
    os.rename(first, moved)
    exe = os.path.join(moved, "bin", "pyc2c")
    version = run([exe, "--version"]).stdout
    if f"runtime: {moved}/lib/pyc2c/runtime" not in version:
        raise Failure(f"moved install does not find its runtime:\n{version}")
    work = env.path("mi")
    os.makedirs(work)
    shutil.copy(os.path.join(REPO, "examples", "fib.py"), work)
    run([exe, "fib.py", "--python", env.python], cwd=work)
    out = run([env.python, "-c", "import fib; print(fib.__file__, fib.fib(20))"], cwd=work).stdout
    if ".so" not in out or not out.strip().endswith("6765"):
        raise Failure(f"fib built by the installed pyc2c: {out}")
    return version.splitlines()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("-k", dest="only", help="run only the steps whose name holds this")
    ap.add_argument("--keep", action="store_true", help="keep the temp directory")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="pyc2c-packaging-")
    env = Env(args.python, tmp)
    steps = [("pip wheel of pyc2c", build_pyc2c_wheel), ("make install", make_install)]
    steps += [(f"sample via {k}", v) for k, v in WAYS.items()]
    steps += [(f"bad input: {b[0]}", b) for b in BAD]
    failed = 0
    bad_py = None
    for name, step in steps:
        if args.only and args.only not in name and name != "pip wheel of pyc2c":
            continue
        try:
            if callable(step):
                detail = step(env)
            else:
                bad_py = bad_py or env.venv("v_bad", with_pyc2c=True)
                detail = bad_case(env, bad_py, *step)
            print(f"ok    {name}: {detail}", flush=True)
        except Failure as e:
            failed += 1
            print(f"FAIL  {name}: {e}", flush=True)
            if env.pyc2c_wheel is None:
                break
    print(f"packaging: {len(steps) - failed if not args.only else 'selected'} steps, {failed} failed"
          + (f" (kept {tmp})" if args.keep else ""))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
