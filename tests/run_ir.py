#!/usr/bin/env python3
"""IR golden tests: the IR of a module's functions after a named pass must be as expected.

    python3 tests/run_ir.py --pyc2c build/pyc2c [-k SUBSTRING] [-j N] [--update] [-v] PATH...

Case files (same format as tests/run_cases.py):

    [case NAME]
    <module source>
    [out PASS]
    <expected IR of its functions after PASS, as `pyc2c --dump-ir=PASS` prints it>

The module body (`def <module>`) and the global declarations are left out of the
comparison. A first source line `# flags: OPTIONS` passes OPTIONS to pyc2c (say
--no-pass=guards). The IR verifier runs after every pass in these builds (an ICE fails
the case). --update rewrites the [out] sections with the actual IR, for review.
"""

import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # keep tests/ free of __pycache__
from run_cases import (Result, collect, diff, main_parser, normalize, python_info, run,
                       run_all, update_sections, TIMEOUT)


def functions_only(ir):
    """The dump without globals and without the module body."""
    keep, out = False, []
    for line in ir.splitlines():
        if line.startswith("def "):
            keep = not line.startswith("def <module>(")
        elif not line.startswith(" "):
            keep = False
        if keep:
            out.append(line)
    return "\n".join(out) + "\n"


def run_case(opts, case):
    s = case.section("out")
    if s is None or not s.arg:
        return Result(case, "FAIL", "case has no [out PASS] section")
    tmp = tempfile.mkdtemp(prefix="pyc2c-ir-")
    try:
        with open(os.path.join(tmp, "case.py"), "w", encoding="utf-8") as f:
            f.write(case.source)
        cmd = [opts.pyc2c, "--python", opts.python, "-o", tmp, "--dump-ir=" + s.arg]
        rc, out, err = run(cmd + case.flags + ["case.py"], cwd=tmp)
        if rc != 0:
            return Result(case, "FAIL", "pyc2c exited with status %s\n%s" % (rc, err))
        got = normalize(functions_only(out))
        if normalize(s.text()) != got:
            return Result(case, "FAIL", diff(normalize(s.text()), got, "expected [out]", "got IR"), got)
        return Result(case, "PASS", got=got)
    finally:
        if not opts.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    opts = main_parser(__doc__.splitlines()[0]).parse_args()
    opts.python = shutil.which(opts.python) or opts.python
    opts.ext, _ = python_info(opts.python)
    opts.pyc2c = os.path.abspath(opts.pyc2c)
    files = collect(opts.paths)
    results, counts = run_all(opts, files, run_case)
    if opts.update:
        update_sections(files, results, "out")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
