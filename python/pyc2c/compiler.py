"""Calls to the pyc2c compiler ($PYC2C, set by `pyc2c hot`/`pyc2c annotate`):
its --report=json for a module, and builds."""
import json
import os
import subprocess
import sys


def pyc2c_exe():
    return os.environ.get("PYC2C") or "pyc2c"


def report(path):
    """The compiler's report of one module (`build --report=json --no-cc`):
    {"functions": [...], "lines": {...}}, or {"error": diagnostics} when it does not
    compile (a syntax or type error)."""
    r = subprocess.run([pyc2c_exe(), "build", path, "--report=json", "--no-cc"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return {"error": r.stderr.strip() or f"pyc2c exited with {r.returncode}", "functions": [], "lines": {}}
    return json.loads(r.stdout)


def function_at(rep, name, line):
    """The report's entry for the function cProfile calls name (its co_name) with first
    line `line` (a decorated def's first decorator): the def whose name ends in name and
    whose lines hold it, nearest first."""
    best = None
    for f in rep.get("functions", []):
        if f["name"].split(".")[-1] != name:
            continue
        distance = 0 if f["line"] <= line <= f["end_line"] else abs(f["line"] - line)
        if best is None or distance < best[0]:
            best = (distance, f)
    if best and best[0] <= 3:
        return best[1]
    return enclosing(rep, name, line)


def enclosing(rep, name, line):
    """A nested function (or lambda, comprehension): the report lists top-level defs and
    methods only, so it is shown as part of the innermost one holding its line."""
    holders = [f for f in rep.get("functions", []) if f["line"] <= line <= f["end_line"]]
    if not holders:
        return None
    outer = max(holders, key=lambda f: f["line"])
    return dict(outer, name=f"{outer['name']}.<locals>.{name}", unannotated=[], returns_annotated=True,
                nested=True)


def build(path, out_dir, python=None, extra=()):
    """Builds path's extension below out_dir (a sys.path entry); returns (ok, messages)."""
    cmd = [pyc2c_exe(), "build", path, "-o", out_dir, "--python", python or sys.executable, *extra]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode == 0, r.stdout.strip()
