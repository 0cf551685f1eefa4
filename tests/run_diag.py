#!/usr/bin/env python3
"""Diagnostic tests: pyc2c must reject a bad module with exactly the expected messages.

    python3 tests/run_diag.py --pyc2c build/pyc2c [--python PY] [-k SUBSTRING] [-j N]
                              [--update] [-v] PATH...

Case files (same format as tests/run_cases.py):

    [case NAME]
    <source, written to case.py; line 1 is the line after the header>
    [err]
    <expected stderr of `pyc2c case.py`, run with cwd = the case's temp dir>

A first source line `# flags: OPTIONS` passes OPTIONS to pyc2c (e.g. --strict).
A case passes when pyc2c exits with status 1, writes no extension module, and its
stderr equals [err] (trailing whitespace trimmed per line, trailing blank lines
dropped). --update rewrites the [err] sections with the actual stderr, for review.
"""

import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # keep tests/ free of __pycache__
from run_cases import (Result, collect, diff, main_parser, normalize, python_info, run,
                       run_all, update_sections, TIMEOUT)


def written_modules(d, ext):
    return sorted(f for f in os.listdir(d)
                  if f != "case.py" and (f.endswith(ext) or f.endswith(".so") or f.endswith(".pyd")))


def run_case(opts, case):
    tmp = tempfile.mkdtemp(prefix="pyc2c-diag-")
    try:
        with open(os.path.join(tmp, "case.py"), "w", encoding="utf-8") as f:
            f.write(case.source)
        cmd = [opts.pyc2c]
        if opts.python_given:
            cmd += ["--python", opts.python]
        rc, out, err = run(cmd + case.flags + ["case.py"], cwd=tmp)
        got = normalize(err)
        problems = []
        if rc is None:
            problems.append("pyc2c timed out after %d s" % TIMEOUT)
        elif rc != 1:
            problems.append("pyc2c exited with status %d, expected 1" % rc)
        stray = written_modules(tmp, opts.ext)
        if stray:
            problems.append("pyc2c wrote %s despite errors" % ", ".join(stray))
        expected = case.body("err")
        if expected is None:
            problems.append("case has no [err] section (use --update to create it)")
        elif normalize(expected) != got:
            problems.append(diff(normalize(expected), got, "expected [err]", "got stderr"))
        if problems:
            return Result(case, "FAIL", "\n".join(problems), got)
        return Result(case, "PASS", got=got)
    finally:
        if not opts.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    opts = main_parser(__doc__.splitlines()[0]).parse_args()
    opts.python_given = opts.python != "python3"
    opts.python = shutil.which(opts.python) or opts.python
    opts.ext, _ = python_info(opts.python)
    if not (os.path.isfile(opts.pyc2c) and os.access(opts.pyc2c, os.X_OK)):
        raise SystemExit("no compiler at %s" % opts.pyc2c)
    opts.pyc2c = os.path.abspath(opts.pyc2c)
    files = collect(opts.paths)
    results, counts = run_all(opts, files, run_case)
    if opts.update:
        update_sections(files, results, "err", create=True)
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
