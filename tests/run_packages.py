#!/usr/bin/env python3
"""Differential tests of packages: modules of a package compiled by pyc2c must behave
like their sources (imports, relative imports, module attributes, reload).

    python3 tests/run_packages.py --pyc2c build/pyc2c [--python PY] [-k SUBSTRING]
                                  [-j N] [--keep] [-v] PATH...

PATH is a .test file or a directory of them. A case:

    [case NAME]
    [file pkg/__init__.py]   a file of the tree, left as Python
    [compile pkg/a.py]       a file of the tree that pyc2c compiles (run from the tree's
                             root: `pyc2c pkg/a.py`); its source is then removed, so the
                             compiled run can only import the extension
    [driver]                 the main script, run with the tree's root as sys.path[0]
    [requires]               optional: modules the target python must import, else SKIP
    [expect]                 optional: exact output of the COMPILED run (intended
                             differences only); else the interpreted run is the oracle

Lines starting with `--` in [driver] and [expect] are comments. The driver has helpers
check(fn, *args) (prints the result or `EXC Type: message`) and exc_line(e); an uncaught
exception ends the run with `EXC Type: message`. Paths under the tree's root are shown
as `<root>/pkg/a` in both runs (no directory, no .py or extension suffix), so messages
that name files compare equal. Reuses run_cases.py's process and reporting helpers.
"""

import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_cases as rc  # noqa: E402

SECTIONS = ("case", "file", "compile", "driver", "requires", "expect")
HEADER_RE = re.compile(r"^\[(%s)(?:\s+([^\]]*))?\]\s*$" % "|".join(SECTIONS))

# Run as `python -c HARNESS ROOT DRIVER EXT COMPILED_MODULE...` (EXT empty: interpreted).
HARNESS = r'''
import sys
root, driver_path, ext = sys.argv[1:4]
compiled = sys.argv[4:]
sys.path[0:1] = [root]

def exc_line(e):
    msg = str(e)
    return "EXC %s: %s" % (type(e).__name__, msg) if msg else "EXC %s" % type(e).__name__

def check(fn, *args, **kw):
    try:
        r = fn(*args, **kw)
    except Exception as e:
        print(exc_line(e))
    else:
        print(repr(r))

def verify_extensions():
    for name in compiled:
        mod = sys.modules.get(name)
        f = getattr(mod, "__file__", None) or ""
        if ext and mod is not None and not f.endswith(ext):
            sys.stdout.flush()
            sys.stderr.write("harness: %s was loaded from %r, not an extension\n" % (name, f))
            sys.exit(3)

with open(driver_path, encoding="utf-8") as f:
    driver = f.read()
ns = {"__name__": "__main__", "__builtins__": __builtins__, "check": check, "exc_line": exc_line}
try:
    exec(compile(driver, "driver.py", "exec"), ns)
except BaseException as e:
    import traceback; traceback.print_exc()
    sys.stdout.flush()
    print(exc_line(e))
    verify_extensions()
    sys.exit(1)
verify_extensions()
'''


class Section:
    def __init__(self, kind, arg, lineno):
        self.kind, self.arg, self.lineno = kind, arg, lineno
        self.lines = []

    def text(self):
        lines = list(self.lines)
        while lines and not lines[-1].strip():
            lines.pop()
        return "".join(l if l.endswith("\n") else l + "\n" for l in lines)


class Case:
    def __init__(self, path, name, lineno):
        self.path, self.name, self.lineno = path, name, lineno
        self.sections = []

    def body(self, kind):
        for s in self.sections:
            if s.kind == kind:
                return s.text()
        return None

    def files(self):
        """(relative path, text, compiled?) for each file of the tree."""
        return [(s.arg, s.text(), s.kind == "compile")
                for s in self.sections if s.kind in ("file", "compile")]

    @property
    def label(self):
        return "%s:%s" % (os.path.splitext(os.path.basename(self.path))[0], self.name)


def parse(path):
    cases = []
    cur = None
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    for i, line in enumerate(lines, 1):
        m = HEADER_RE.match(line)
        if m:
            kind, arg = m.group(1), (m.group(2) or "").strip()
            if kind == "case":
                if not re.match(r"^[A-Za-z0-9_]+$", arg):
                    raise SystemExit("%s:%d: bad case name %r" % (path, i, arg))
                cases.append(Case(path, arg, i))
                cur = None
                continue
            if not cases:
                raise SystemExit("%s:%d: [%s] before any [case]" % (path, i, kind))
            if kind in ("file", "compile") and (not arg.endswith(".py") or arg.startswith("/")
                                                or ".." in arg.split("/")):
                raise SystemExit("%s:%d: [%s] needs a relative path to a .py file" % (path, i, kind))
            cur = Section(kind, arg, i)
            cases[-1].sections.append(cur)
        elif cur is None:
            continue  # comments before the first section of a case
        elif cur.kind in ("driver", "expect") and line.startswith("--"):
            continue
        else:
            cur.lines.append(line)
    for c in cases:
        if not any(s.kind == "compile" for s in c.sections):
            raise SystemExit("%s:%d: case %s compiles nothing" % (path, c.lineno, c.name))
    return cases


def collect(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".test"))
        else:
            files.append(p)
    cases, seen = [], {}
    for f in files:
        for c in parse(f):
            if c.name in seen:
                raise SystemExit("duplicate case name %s (%s:%d and %s:%d)" % (
                    c.name, c.path, c.lineno, seen[c.name].path, seen[c.name].lineno))
            seen[c.name] = c
            cases.append(c)
    return cases


def module_of(relpath):
    parts = relpath[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def write_tree(root, case):
    for rel, text, _ in case.files():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def scrub(text, root, ext):
    """<root>/pkg/a for any path of a file under root, either run."""
    pat = re.escape(root) + r"((?:/[\w-]+)*)(?:%s|\.py)?" % re.escape(ext)
    return re.sub(pat, r"<root>\1", text)


def run_driver(opts, case, root, tmp, ext):
    dpath = os.path.join(tmp, "driver.py")
    if not os.path.exists(dpath):
        with open(dpath, "w", encoding="utf-8") as f:
            f.write(case.body("driver") or "")
    compiled = [module_of(rel) for rel, _, comp in case.files() if comp]
    cmd = [opts.python, "-c", HARNESS, root, dpath, ext] + compiled
    code, out, err = rc.run(cmd, cwd=tmp, env=rc.child_env())
    return code, scrub(out, root, opts.ext), err


def run_case(opts, case):
    req = (case.body("requires") or "").split()
    if req and not rc.can_import(opts.python, req):
        return rc.Result(case, "SKIP", "%s cannot import %s" % (opts.python, " ".join(req)))
    tmp = tempfile.mkdtemp(prefix="pyc2c-pkg-")
    try:
        return run_case_in(opts, case, tmp)
    finally:
        if not opts.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def run_case_in(opts, case, tmp):
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    write_tree(a, case)
    write_tree(b, case)
    expect = case.body("expect")
    if expect is None:
        code, expected, err = run_driver(opts, case, a, tmp, "")
        if code is None:
            return rc.Result(case, "FAIL", "interpreted run timed out", expected)
        expected = rc.outcome(code, expected)
    else:
        expected = rc.normalize(expect)

    compiled = [rel for rel, _, comp in case.files() if comp]
    for rel in compiled:
        code, out, err = rc.run([opts.pyc2c, "--python", opts.python, rel], cwd=b)
        if code != 0:
            what = "timed out" if code is None else "exited with status %d" % code
            return rc.Result(case, "FAIL", "pyc2c %s %s:\n%s" % (rel, what, rc.tail(err + out, 60)))
        if "warning:" in err:
            return rc.Result(case, "FAIL", "the generated C of %s compiled with warnings:\n%s"
                             % (rel, rc.tail(err, 60)))
        built = os.path.join(b, rel[:-3] + opts.ext)
        if not os.path.isfile(built):
            return rc.Result(case, "FAIL", "pyc2c %s succeeded but wrote no %s" % (rel, built))
    for rel in compiled:
        os.remove(os.path.join(b, rel))

    code, got, err = run_driver(opts, case, b, tmp, opts.ext)
    if code == rc.EXIT_NOT_EXT:
        return rc.Result(case, "FAIL", err.strip(), got)
    got = rc.outcome(code, got)
    if expect is not None:
        got = rc.normalize(got)
    if got != expected:
        which = "expected (interpreted)" if expect is None else "expected ([expect])"
        detail = rc.diff(expected, got, which, "got (compiled)")
        if err.strip() and code != rc.EXIT_OK:
            detail += "--- compiled run stderr:\n" + rc.tail(err) + "\n"
        return rc.Result(case, "FAIL", detail, got)
    return rc.Result(case, "PASS", got=got)


class _File:
    """run_all takes parsed files; one pseudo-file holds every case."""
    def __init__(self, cases):
        self.cases = cases


def main():
    ap = rc.main_parser(__doc__.splitlines()[0])
    opts = ap.parse_args()
    opts.python = shutil.which(opts.python) or opts.python
    opts.ext, _ = rc.python_info(opts.python)
    if not (os.path.isfile(opts.pyc2c) and os.access(opts.pyc2c, os.X_OK)):
        raise SystemExit("no compiler at %s" % opts.pyc2c)
    opts.pyc2c = os.path.abspath(opts.pyc2c)
    cases = collect(opts.paths)
    _, counts = rc.run_all(opts, [_File(cases)], run_case)
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
