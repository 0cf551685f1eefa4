#!/usr/bin/env python3
"""Time an expression against a module compiled by pyc2c and against its Python source.

    python3 examples/speedup.py MODULE "EXPR" [--python-only]

MODULE is the name of a module in examples/ (MODULE.py compiled beside itself to
MODULE<EXT_SUFFIX> by `pyc2c examples/MODULE.py`). EXPR is evaluated in each module's
namespace. Prints, e.g.:

    fib(30): CPython 0.123 s, pyc2c 0.004 s, speedup 30.7x

and exits non-zero if the two results differ. --python-only times only the source.
"""

import argparse
import importlib.machinery
import importlib.util
import os
import statistics
import sys
import time

sys.dont_write_bytecode = True  # keep examples/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
BUDGET = 20.0  # seconds for the whole run, both sides, all repetitions
MAX_RUNS = 5


def load_source(module):
    """The pure-Python module, imported from MODULE.py under another name."""
    path = os.path.join(HERE, module + ".py")
    name = "_py_" + module
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    loader.exec_module(mod)
    return mod


def load_compiled(module):
    """The extension module that pyc2c wrote into examples/."""
    ext = importlib.machinery.EXTENSION_SUFFIXES[0]
    path = os.path.join(HERE, module + ext)
    if not os.path.isfile(path):
        raise SystemExit("no compiled module %s (run: build/pyc2c examples/%s.py)" % (path, module))
    spec = importlib.util.spec_from_file_location(module, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader), spec.loader
    assert mod.__file__.endswith(ext), mod.__file__
    return mod


def time_once(code, namespace):
    start = time.perf_counter()
    result = eval(code, namespace)
    return time.perf_counter() - start, result


def time_both(code, mods, budget):
    """Median time and result per module. Runs alternate between the modules so that
    warm-up and CPU frequency changes do not favour one side; a slow first run means
    fewer repetitions (at most MAX_RUNS), so that the total stays within budget."""
    times = [[] for _ in mods]
    results = []
    for i, mod in enumerate(mods):
        t, r = time_once(code, vars(mod))
        times[i].append(t)
        results.append(r)
    per_round = sum(t[0] for t in times)
    runs = max(1, min(MAX_RUNS, int(budget / max(per_round, 1e-9))))
    for _ in range(runs - 1):
        for i, mod in enumerate(mods):
            t, r = time_once(code, vars(mod))
            times[i].append(t)
            if r != results[i]:
                raise SystemExit("%s: result changed between runs: %r then %r"
                                 % (mod.__name__, results[i], r))
    return [statistics.median(t) for t in times], results, runs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("module")
    ap.add_argument("expr")
    ap.add_argument("--python-only", action="store_true", help="time only the Python source")
    opts = ap.parse_args()
    code = compile(opts.expr, "<expr>", "eval")

    compiled = None if opts.python_only else load_compiled(opts.module)
    source = load_source(opts.module)

    if compiled is None:
        (py_time,), _, runs = time_both(code, [source], BUDGET)
        print("%s: CPython %.3f s (median of %d)" % (opts.expr, py_time, runs))
        return 0
    (py_time, c_time), (py_result, c_result), _ = time_both(code, [source, compiled], BUDGET)
    if type(c_result) is not type(py_result) or c_result != py_result:
        print("%s: results differ: CPython %r, pyc2c %r" % (opts.expr, py_result, c_result))
        return 1
    print("%s: CPython %.3f s, pyc2c %.3f s, speedup %.1fx" % (
        opts.expr, py_time, c_time, py_time / max(c_time, 1e-9)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
