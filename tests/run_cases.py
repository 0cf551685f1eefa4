#!/usr/bin/env python3
"""Differential end-to-end tests: a module compiled by pyc2c must behave like CPython.

    python3 tests/run_cases.py --pyc2c build/pyc2c [--python PY] [-k SUBSTRING]
                               [-j N] [--update] [--interpreted-only] [-v] PATH...

PATH is a .test file or a directory of them. A case file holds many cases:

    [case NAME]            module source up to the next section header
    [requires]             optional: modules the target python must import, else SKIP;
                           a word python>=X.Y asks for that version at least
                           (source a version before it cannot import: `int | None`
                           annotations evaluated on 3.9)
    [driver]               optional: Python run with the module imported as `m` and its
                           public names star-imported; helpers show(x) and check(fn, ...)
    [expect]               optional: exact output of the COMPILED run; the interpreted
                           run is then not the oracle (intended differences only)
    [report]               optional: exact `pyc2c --report` output (the module spelled case.py)
    [traceback]            optional: parsed, not checked yet

Lines before the first [case] and lines starting with `--` in the sections after the
source are comments. A first source line `# flags: OPTIONS` passes OPTIONS to pyc2c.

Oracle: the driver's output against the interpreted module (dir a/, the .py)
must equal, byte for byte, its output against the compiled one (dir b/, only the
extension); an [expect] section is compared modulo trailing whitespace. An
uncaught exception ends a run with `EXC Type: message` as its last line.
A module the interpreted import refuses with a SyntaxError (`match` on 3.9) passes
when pyc2c refuses it too, with a diagnostic (the build asks the target's compile()).
--update rewrites [expect] sections with the compiled output and [report] sections
with pyc2c's --report output (for review).
--interpreted-only runs only the interpreted side to validate new cases: it FAILs a
case whose run crashed with a typo-like exception; add --check-annotations to also
FAIL one where an int reaches a `float` annotation (or a bool an `int` one).
Only the standard library is used.
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading

TIMEOUT = 60
SECTIONS = ("case", "driver", "expect", "report", "traceback", "requires", "err", "out")
HEADER_RE = re.compile(r"^\[(%s)(?:\s+([^\]]*))?\]\s*$" % "|".join(SECTIONS))

# Exit statuses of the harness below.
EXIT_OK, EXIT_DRIVER_EXC, EXIT_IMPORT_EXC, EXIT_NOT_EXT, EXIT_BAD_ANNOTATION = 0, 1, 2, 3, 4
TYPO_EXCEPTIONS = ("SyntaxError", "IndentationError", "NameError", "ImportError",
                   "ModuleNotFoundError", "AttributeError")

# The driver harness, run as `python -c HARNESS MODNAME MODDIR DRIVER EXT_SUFFIX`.
# EXT_SUFFIX is empty for the interpreted run.
HARNESS = r'''
import importlib.util, os, sys
modname, moddir, driver_path, ext = sys.argv[1:5]
sys.path[0:1] = [moddir]

def _exc_line(e):
    msg = str(e)
    return "EXC %s: %s" % (type(e).__name__, msg) if msg else "EXC %s" % type(e).__name__

def show(x):
    print(type(x).__name__, repr(x))

def check(fn, *args, **kw):
    try:
        r = fn(*args, **kw)
    except Exception as e:
        print(_exc_line(e))
    else:
        print(repr(r))

def _wrap_for_annotation_check(mod):
    """Make every int/float/bool annotation exact: an int reaching a `float` (or a bool
    reaching an `int`) is valid Python but a place where a native compiler may differ."""
    import atexit, functools, inspect
    exact = {"int": int, "float": float, "bool": bool, "None": type(None),
             "i64": int, "i32": int, "i16": int, "u8": int}
    bad = []
    def kind(ann):
        ann = getattr(ann, "__name__", ann)
        return exact.get(ann) if isinstance(ann, str) else None
    def verify(fname, what, ann, value):
        t = kind(ann)
        if t is not None and type(value) is not t:
            bad.append("%s: %s is %s %r, annotated %s" % (fname, what, type(value).__name__, value, t.__name__))
    def wrap(fn):
        sig = inspect.signature(fn)
        @functools.wraps(fn)
        def wrapper(*args, **kw):
            try:
                bound = sig.bind(*args, **kw)
            except TypeError:
                return fn(*args, **kw)
            for name, value in bound.arguments.items():
                verify(fn.__name__, "argument " + name, sig.parameters[name].annotation, value)
            result = fn(*args, **kw)
            verify(fn.__name__, "return value", sig.return_annotation, result)
            return result
        return wrapper
    for name, fn in list(vars(mod).items()):
        if inspect.isfunction(fn) and fn.__module__ == mod.__name__:
            setattr(mod, name, wrap(fn))
    def report():
        if bad:
            sys.stdout.flush()
            sys.stderr.write("".join("annotation: %s\n" % b for b in bad))
            os._exit(4)
    atexit.register(report)

spec = importlib.util.find_spec(modname)
origin = spec.origin if spec is not None else None
if ext and not (origin or "").endswith(ext):
    sys.stdout.flush()
    sys.stderr.write("harness: %s would be loaded from %r, not an extension ending in %r\n"
                     % (modname, origin, ext))
    sys.exit(3)
try:
    m = importlib.import_module(modname)
except BaseException as e:
    import traceback; traceback.print_exc()
    sys.stdout.flush()
    print(_exc_line(e))
    sys.exit(2)
if ext and not (getattr(m, "__file__", None) or "").endswith(ext):
    sys.stdout.flush()
    sys.stderr.write("harness: %s.__file__ is %r, not an extension ending in %r\n"
                     % (modname, getattr(m, "__file__", None), ext))
    sys.exit(3)
if os.environ.get("RUN_CASES_CHECK_ANNOTATIONS"):
    _wrap_for_annotation_check(m)
with open(driver_path, encoding="utf-8") as f:
    driver = f.read()
ns = {"__name__": "__driver__", "__builtins__": __builtins__,
      "m": m, "show": show, "check": check}
names = getattr(m, "__all__", None)
if names is None:
    names = [k for k in dir(m) if not k.startswith("_")]
for k in names:
    ns[k] = getattr(m, k)
try:
    exec(compile(driver, "driver.py", "exec"), ns)
except BaseException as e:
    import traceback; traceback.print_exc()
    sys.stdout.flush()
    print(_exc_line(e))
    sys.exit(1)
'''


class Section:
    def __init__(self, kind, arg, lineno):
        self.kind, self.arg, self.lineno = kind, arg, lineno
        self.lines = []  # raw lines, each ending in "\n"

    def text(self):
        """The body without trailing blank lines, ending in one newline (or empty)."""
        lines = list(self.lines)
        while lines and not lines[-1].strip():
            lines.pop()
        return "".join(l if l.endswith("\n") else l + "\n" for l in lines)


class Case:
    def __init__(self, path, name, lineno):
        self.path, self.name, self.lineno = path, name, lineno
        self.sections = []  # the [case] section first: the module source

    def section(self, kind):
        for s in self.sections:
            if s.kind == kind:
                return s
        return None

    def body(self, kind):
        s = self.section(kind)
        return None if s is None else s.text()

    @property
    def source(self):
        return self.sections[0].text()

    @property
    def flags(self):
        """Extra pyc2c options from a first source line `# flags: --strict ...`."""
        first = self.source.split("\n", 1)[0]
        if first.startswith("# flags:"):
            return shlex.split(first[len("# flags:"):])
        return []

    @property
    def label(self):
        return "%s:%s" % (os.path.splitext(os.path.basename(self.path))[0], self.name)


class CaseFile:
    """A parsed .test file that can be written back unchanged except edited sections."""

    def __init__(self, path):
        self.path = path
        self.preamble = []
        self.cases = []
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        cur = None
        for i, line in enumerate(lines, 1):
            m = HEADER_RE.match(line)
            if m and m.group(1) == "case":
                name = (m.group(2) or "").strip()
                if not re.match(r"^[A-Za-z0-9_]+$", name):
                    raise SystemExit("%s:%d: bad case name %r" % (path, i, name))
                case = Case(path, name, i)
                self.cases.append(case)
                cur = Section("case", name, i)
                case.sections.append(cur)
            elif m and cur is not None:
                cur = Section(m.group(1), (m.group(2) or "").strip(), i)
                self.cases[-1].sections.append(cur)
            elif cur is None:
                self.preamble.append(line)
            elif cur.kind != "case" and line.startswith("--"):
                continue  # comment inside a driver/expect section
            else:
                cur.lines.append(line)

    def write(self):
        out = list(self.preamble)
        for case in self.cases:
            for s in case.sections:
                out.append("[%s%s]\n" % (s.kind, " " + s.arg if s.arg else ""))
                out.extend(l if l.endswith("\n") else l + "\n" for l in s.lines)
        with open(self.path, "w", encoding="utf-8") as f:
            f.writelines(out)


def collect(paths, suffix=".test"):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(suffix))
        else:
            files.append(p)
    parsed = [CaseFile(f) for f in files]
    seen = {}
    for cf in parsed:
        for c in cf.cases:
            if c.name in seen:
                raise SystemExit("duplicate case name %s (%s:%d and %s:%d)" % (
                    c.name, c.path, c.lineno, seen[c.name].path, seen[c.name].lineno))
            seen[c.name] = c
    return parsed


def module_name(case_name):
    return "case_" + re.sub(r"\W", "_", case_name)


def normalize(text):
    """Trailing whitespace trimmed per line and trailing blank lines dropped."""
    lines = [l.rstrip() for l in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(l + "\n" for l in lines)


def diff(expected, got, a="expected", b="got"):
    def lines(text):
        if text and not text.endswith("\n"):
            text += "\n\\ no newline at end\n"
        return text.splitlines(True)
    return "".join(difflib.unified_diff(lines(expected), lines(got),
                                        a, b, n=3))


def run(cmd, cwd, env=None):
    """subprocess.run with the suite's timeout; returns (rc, stdout, stderr), rc None on timeout."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        def dec(b):
            return (b or b"").decode("utf-8", "replace")
        return None, dec(e.stdout), dec(e.stderr)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def child_env():
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONSTARTUP", None)
    env.pop("RUN_CASES_CHECK_ANNOTATIONS", None)
    return env


def python_info(python):
    code = "import sysconfig, sys; print(sysconfig.get_config_var('EXT_SUFFIX')); print(sys.version.split()[0])"
    rc, out, err = run([python, "-c", code], cwd=None)
    if rc != 0:
        raise SystemExit("cannot run %s: %s" % (python, err.strip()))
    ext, version = out.split()
    return ext, version


_import_cache = {}
_import_lock = threading.Lock()


def can_import(python, modules):
    key = (python, tuple(modules))
    with _import_lock:
        if key not in _import_cache:
            rc, _, _ = run([python, "-c", "import " + ", ".join(modules)], cwd=None)
            _import_cache[key] = rc == 0
        return _import_cache[key]


def outcome(rc, out):
    """Output plus a visible marker for any exit status other than success."""
    if rc is None:
        return out + "<timeout after %d s>\n" % TIMEOUT
    if rc < 0:
        return out + "<killed by signal %d>\n" % -rc
    if rc not in (EXIT_OK, EXIT_DRIVER_EXC, EXIT_IMPORT_EXC):
        return out + "<exit status %d>\n" % rc
    return out


class Result:
    def __init__(self, case, status, detail="", got=None, report=None):
        self.case, self.status, self.detail, self.got = case, status, detail, got
        self.report = report   # the `--report` output a [report] section did not match


def run_driver(opts, case, moddir, tmp, ext):
    driver = case.body("driver") or ""
    dpath = os.path.join(tmp, "driver.py")
    if not os.path.exists(dpath):
        with open(dpath, "w", encoding="utf-8") as f:
            f.write(driver)
    cmd = [opts.python, "-c", HARNESS, module_name(case.name), moddir, dpath, ext]
    env = child_env()
    if getattr(opts, "check_annotations", False) and not ext:
        env["RUN_CASES_CHECK_ANNOTATIONS"] = "1"
    rc, out, err = run(cmd, cwd=tmp, env=env)
    return rc, out, err


def tail(text, n=30):
    lines = text.rstrip().splitlines()
    return "\n".join(lines[-n:])


def refused_by_cpython(irc, expected, err):
    """The interpreted import failed with a SyntaxError (say `match` on 3.9) and pyc2c
    refused the module with a diagnostic: both refuse it, as they should."""
    lines = (expected or "").rstrip().splitlines()
    return (irc == EXIT_IMPORT_EXC and len(lines) == 1
            and lines[0].startswith(("EXC SyntaxError", "EXC IndentationError", "EXC TabError"))
            and ": error: " in err)


def run_case(opts, case):
    req = (case.body("requires") or "").split()
    for want in [r for r in req if r.startswith("python>=")]:
        if opts.version_info < tuple(int(p) for p in want[len("python>="):].split(".")):
            return Result(case, "SKIP", "%s is Python %s" % (opts.python, opts.version))
    req = [r for r in req if not r.startswith("python>=")]
    if req and not can_import(opts.python, req):
        return Result(case, "SKIP", "%s cannot import %s" % (opts.python, " ".join(req)))
    tmp = tempfile.mkdtemp(prefix="pyc2c-case-")
    try:
        return run_case_in(opts, case, tmp)
    finally:
        if not opts.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def run_case_in(opts, case, tmp):
    mod = module_name(case.name)
    expect = case.section("expect")
    dirs = {d: os.path.join(tmp, d) for d in ("a", "b", "src")}
    for d in dirs.values():
        os.mkdir(d)
    for d in ("a", "src"):
        with open(os.path.join(dirs[d], mod + ".py"), "w", encoding="utf-8") as f:
            f.write(case.source)

    expected = irc = None
    if expect is None or opts.interpreted_only:
        rc, expected, err = run_driver(opts, case, dirs["a"], tmp, "")
        irc = rc
        typo = expected.splitlines()[-1] if expected and rc in (1, 2) else ""
        typo = typo[4:].split(":")[0] if typo.startswith("EXC ") else ""
        if opts.interpreted_only:
            if rc not in (EXIT_OK, EXIT_DRIVER_EXC, EXIT_IMPORT_EXC) or typo in TYPO_EXCEPTIONS:
                if rc == EXIT_BAD_ANNOTATION:
                    return Result(case, "FAIL", tail(err), expected)
                return Result(case, "FAIL", "interpreted run:\n%s%s" % (
                    outcome(rc, expected), tail(err)), expected)
            return Result(case, "PASS", got=expected)
        if rc is None:
            return Result(case, "FAIL", "interpreted run timed out", expected)
        expected = outcome(rc, expected)
    else:
        expected = normalize(expect.text())

    report = case.section("report")
    rc, out, err = run([opts.pyc2c, "--python", opts.python] + case.flags + (["--report"] if report else [])
                       + [os.path.join("src", mod + ".py")], cwd=tmp)
    if rc != 0:
        if rc == 1 and refused_by_cpython(irc, expected, err):
            return Result(case, "PASS", got=expected)
        what = "timed out" if rc is None else "exited with status %d" % rc
        return Result(case, "FAIL", "pyc2c %s:\n%s" % (what, tail(err + out, 60)))
    if report is not None:   # golden `--report` output, the module's path spelled case.py
        got_report = normalize(out.replace(os.path.join("src", mod + ".py"), "case.py"))
        if got_report != normalize(report.text()):
            return Result(case, "FAIL", diff(normalize(report.text()), got_report, "expected [report]",
                                             "got (pyc2c --report)"), report=got_report)
    if "warning:" in err:
        return Result(case, "FAIL", "the generated C compiled with warnings:\n%s" % tail(err, 60))
    built = os.path.join(dirs["src"], mod + opts.ext)
    if not os.path.isfile(built):
        return Result(case, "FAIL", "pyc2c succeeded but wrote no %s (src/ holds %s)" % (
            mod + opts.ext, sorted(os.listdir(dirs["src"]))))
    shutil.move(built, os.path.join(dirs["b"], mod + opts.ext))

    rc, got, err = run_driver(opts, case, dirs["b"], tmp, opts.ext)
    if rc == EXIT_NOT_EXT:
        return Result(case, "FAIL", err.strip(), got)
    got = outcome(rc, got)
    if expect is not None:  # hand-written: compare modulo trailing whitespace
        got = normalize(got)
    if got != expected:
        a = "expected (interpreted)" if expect is None else "expected ([expect])"
        detail = diff(expected, got, a, "got (compiled)")
        if err.strip() and (rc not in (EXIT_OK,)):
            detail += "--- compiled run stderr:\n" + tail(err) + "\n"
        return Result(case, "FAIL", detail, got)
    return Result(case, "PASS", got=got)


def update_sections(files, results, name, create=False, attr="got"):
    """--update: rewrite each case's [NAME] section with what the run produced
    (its Result's attr; create adds the section to cases that lack it)."""
    by_case = {id(r.case): r for r in results}
    for cf in files:
        changed = False
        for c in cf.cases:
            r = by_case.get(id(c))
            if r is None or getattr(r, attr, None) is None:
                continue
            s = c.section(name)
            if s is None:
                if not create:
                    continue
                s = Section(name, "", 0)
                c.sections.append(s)
            new = [l + "\n" for l in getattr(r, attr).splitlines()] + ["\n"]
            if s.text() != "".join(new[:-1]):
                s.lines = new
                changed = True
        if changed:
            cf.write()
            print("updated", cf.path)


def main_parser(description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--pyc2c", default="build/pyc2c", help="compiler to test")
    ap.add_argument("--python", default="python3", help="target interpreter (default python3)")
    ap.add_argument("-k", dest="substring", help="run only cases whose FILE:NAME contains this")
    ap.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--update", action="store_true", help="rewrite expectations from actual output")
    ap.add_argument("--keep", action="store_true", help="keep temporary directories")
    ap.add_argument("-v", "--verbose", action="store_true", help="print output of passing cases")
    ap.add_argument("paths", nargs="+")
    return ap


def run_all(opts, files, runner):
    cases = [c for cf in files for c in cf.cases
             if not opts.substring or opts.substring in c.label]
    results = []
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    with concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs)) as pool:
        futures = [pool.submit(runner, opts, c) for c in cases]
        for fut in futures:
            try:
                r = fut.result()
            except Exception as e:  # a bug in the runner must not hide other results
                r = Result(cases[futures.index(fut)], "FAIL", "runner error: %r" % (e,))
            results.append(r)
            counts[r.status] += 1
            line = "%s %s" % (r.status, r.case.name)
            if r.status == "SKIP":
                line += " (%s)" % r.detail
            print(line, flush=True)
            if r.status == "FAIL" and r.detail:
                print("  " + r.detail.rstrip().replace("\n", "\n  "), flush=True)
            elif opts.verbose and r.got:
                print("  " + r.got.rstrip().replace("\n", "\n  "), flush=True)
    if counts["SKIP"]:
        print("(%d skipped)" % counts["SKIP"])
    print("%d passed, %d failed" % (counts["PASS"], counts["FAIL"]))
    return results, counts


def main():
    ap = main_parser(__doc__.splitlines()[0])
    ap.add_argument("--interpreted-only", action="store_true",
                    help="run only the interpreted side; FAIL cases whose run crashed "
                         "with a typo-like exception (NameError, SyntaxError, ...)")
    ap.add_argument("--check-annotations", action="store_true",
                    help="with --interpreted-only: FAIL cases where a module function gets or "
                         "returns a value whose exact type differs from its int/float/bool "
                         "annotation (an int for a float: valid Python, risky for a compiler)")
    opts = ap.parse_args()
    opts.python = shutil.which(opts.python) or opts.python
    opts.ext, version = python_info(opts.python)
    opts.version = version
    opts.version_info = tuple(int(re.match(r"\d*", p).group() or 0) for p in version.split(".")[:3])
    if not opts.interpreted_only:
        if not (os.path.isfile(opts.pyc2c) and os.access(opts.pyc2c, os.X_OK)):
            raise SystemExit("no compiler at %s (build it, or use --interpreted-only)" % opts.pyc2c)
        opts.pyc2c = os.path.abspath(opts.pyc2c)
    files = collect(opts.paths)
    results, counts = run_all(opts, files, run_case)
    if opts.update and not opts.interpreted_only:
        update_sections(files, results, "expect")
        update_sections(files, results, "report", attr="report")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
