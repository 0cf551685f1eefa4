#!/usr/bin/env python3
"""End-to-end tests of `pyc2c hot`, `pyc2c annotate` and compiled functions seen by
profilers (issue 14).

    python3 tests/run_hot.py --pyc2c build/pyc2c [--python PY] [-k SUBSTRING] [--keep]

Each test prints PASS/FAIL/SKIP and a reason; the last line is `N passed, N failed,
N skipped`. The example program is examples/hot (copied to a scratch directory, so
--apply never touches the tree). Timing checks compare CPU time of two runs of the
same program ("faster than the first run", never a fixed ratio). The HTML page is
rendered by headless chromium (skipped when it is missing, except under CI=true); its
screenshot is left in build/test-hot/annotate.png to look at.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "tests", "hot")
EXAMPLE = os.path.join(ROOT, "examples", "hot")


class Skip(Exception):
    pass


def run(cmd, cwd, **kw):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def check(cond, what, r=None):
    if not cond:
        detail = f"\n--- stdout\n{r.stdout}\n--- stderr\n{r.stderr}" if r is not None else ""
        raise AssertionError(what + detail)


class Env:
    def __init__(self, ns):
        self.pyc2c = os.path.abspath(ns.pyc2c)
        self.python = ns.python
        self.scratch = tempfile.mkdtemp(prefix="pyc2c-test-hot-")
        self.keep = ns.keep

    def example(self, name):
        d = os.path.join(self.scratch, name)
        shutil.copytree(EXAMPLE, d)
        return d

    def hot(self, args, cwd):
        return run([self.pyc2c, "hot", "--python", self.python, *args], cwd)


# ---- the example program ----

def hot_rows(stderr):
    """The functions of the ranking, in order."""
    table = stderr.split("hot functions", 1)[1].split("\n\n")[0]
    return [line.split()[1] for line in table.splitlines()[2:] if line.strip()]


def test_ranking_names_the_hotspot(env):
    d = env.example("ranking")
    plain = run([env.python, "main.py"], d)
    r = env.hot(["--json", "data.json", "-o", "hottest.html", "main.py"], d)
    check(r.returncode == 0, "exit status 0", r)
    check("pyc2c annotate: " in open(os.path.join(d, "hottest.html")).read()
          and "wrote hottest.html (module risk)" in r.stderr, "-o writes the hottest module's page", r)
    check(r.stdout == plain.stdout, "the program's output passes through unchanged", r)
    rows = hot_rows(r.stderr)
    check(rows and rows[0] == "risk.rolling_volatility", f"the hotspot is ranked first (got {rows})", r)
    check("native, generic objects (unannotated: prices, window, return)" in r.stderr,
          "the ranking says why it is not native", r)
    check("(prices: list[float], window: int) -> float" in r.stderr, "observed types shown", r)
    import json
    data = json.load(open(os.path.join(d, "data.json")))
    check(data["hot"][0] == "risk.rolling_volatility", "--json names the hotspot first")
    check(not any("random" in f["file"] for f in data["functions"]), "the stdlib is not in the ranking")


def test_annotate_proposes_annotations(env):
    d = env.example("annotate")
    before = open(os.path.join(d, "risk.py")).read()
    r = env.hot(["--annotate", "main.py"], d)
    check(r.returncode == 0, "exit status 0", r)
    for line in ["+def rolling_volatility(prices: list[float], window: int) -> float:",
                 "-def rolling_volatility(prices, window):",
                 "+def make_prices(seed: int, n: int) -> list[float]:",
                 "--- a/risk.py", "+++ b/risk.py"]:
        check(line in r.stdout, f"the diff holds {line!r}", r)
    check("risk.rolling_volatility: prices: list[float] (seen in 60 of 60 calls)" in r.stderr,
          "each suggestion says in how many calls it was seen", r)
    check(open(os.path.join(d, "risk.py")).read() == before, "--annotate alone changes no file")


def newest_python():
    """A CPython 3.12 or later from the pyenv root (sys.monitoring), or None."""
    root = subprocess.run(["pyenv", "root"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True).stdout.strip() if shutil.which("pyenv") else ""
    root = root or os.path.expanduser("~/.pyenv")
    found = []
    for v in os.listdir(os.path.join(root, "versions")) if os.path.isdir(os.path.join(root, "versions")) else []:
        m = re.match(r"3\.(\d+)\.\d+$", v)
        exe = os.path.join(root, "versions", v, "bin", "python3")
        if m and int(m.group(1)) >= 12 and os.path.exists(exe):
            found.append((int(m.group(1)), exe))
    return max(found)[1] if found else None


def test_types_through_sys_monitoring(env):
    python = newest_python()
    if python is None:
        raise Skip("no CPython 3.12+ under the pyenv root")
    d = env.example("monitoring")
    r = run([env.pyc2c, "hot", "--python", python, "--annotate", "main.py"], d)
    check(r.returncode == 0, "exit status 0", r)
    check("+def rolling_volatility(prices: list[float], window: int) -> float:" in r.stdout,
          f"{python} records the types through sys.monitoring", r)


def cpu_times(stderr):
    m = re.search(r"total \(CPU\)\s+([0-9.]+) s\s+([0-9.]+) s", stderr)
    return (float(m.group(1)), float(m.group(2))) if m else None


def function_times(stderr, name):
    m = re.search(re.escape(name) + r"\s+([0-9.]+) s\s+([0-9.]+) s", stderr)
    return (float(m.group(1)), float(m.group(2))) if m else None


def test_apply_compile_is_identical_and_faster(env):
    d = env.example("compile")
    r = env.hot(["--apply", "--compile", "main.py"], d)
    check(r.returncode == 0, "exit status 0", r)
    check(os.path.exists(os.path.join(d, "risk.py.orig")), "--apply keeps a backup", r)
    check("def rolling_volatility(prices: list[float], window: int) -> float:" in
          open(os.path.join(d, "risk.py")).read(), "--apply wrote the annotations", r)
    check("output is identical" in r.stderr, "the compiled run's output is identical", r)
    cpu = cpu_times(r.stderr)
    check(cpu and cpu[1] < cpu[0], f"the compiled run takes less CPU time than the first ({cpu})", r)
    fn = function_times(r.stderr, "risk.rolling_volatility")
    check(fn and fn[1] < fn[0], f"the hot function takes less time compiled ({fn})", r)
    plain = run([env.python, "main.py"], d)
    check(r.stdout.startswith(plain.stdout) and "+++ b/risk.py" in r.stdout,
          "the program's output, then the diff; the annotated program prints what the original did", r)


# ---- compiled functions seen by profilers ----

PROFILE_DRIVER = r'''
import cProfile, io, pstats, sys
import profiled
pr = cProfile.Profile()
pr.enable()
for _ in range(3):
    profiled.mid(10)
try:
    profiled.fails(1)
except ValueError:
    pass
profiled.sum_evens(10)
list(profiled.evens(4))
list(profiled.walk(3))
pr.disable()
for (file, line, name), (cc, nc, tt, ct, callers) in sorted(pstats.Stats(pr).stats.items(), key=str):
    if "profiled" in file or "profiled" in name:
        print("STAT", file.rsplit("/", 1)[-1], line, name, nc)
events = []
def hook(frame, event, arg):
    if event in ("call", "return") and frame.f_code.co_name in ("mid", "leaf"):
        events.append(f"{event}:{frame.f_code.co_name}:{frame.f_code.co_firstlineno}")
    elif event == "c_call" and "profiled" in str(getattr(arg, "__module__", "")):
        events.append(f"c_call:{arg.__module__}.{arg.__name__}")
sys.setprofile(hook)
profiled.mid(2)
sys.setprofile(None)
print("EVENTS", " ".join(events))
'''


def profile_run(env, extra):
    d = tempfile.mkdtemp(dir=env.scratch)
    shutil.copy(os.path.join(HERE, "profiled.py"), d)
    b = run([env.pyc2c, "build", "profiled.py", "--python", env.python, *extra], d)
    check(b.returncode == 0, "the module builds", b)
    os.remove(os.path.join(d, "profiled.py"))
    r = run([env.python, "-c", PROFILE_DRIVER], d)
    check(r.returncode == 0, "the driver runs", r)
    return r


def python_version(env):
    out = run([env.python, "-c", "import sys; print(sys.version_info[0] * 100 + sys.version_info[1])"], ROOT)
    return int(out.stdout)


def test_cprofile_sees_default_build(env):
    r = profile_run(env, [])
    if python_version(env) >= 312:
        check("c_call:profiled.mid" in r.stdout, "sys.setprofile sees the c_call", r)
        raise Skip("cProfile listens to sys.monitoring from 3.12; checked sys.setprofile only")
    check("STAT ~ 0 <profiled.mid> 3" in r.stdout, "pstats has {profiled.mid} with 3 calls", r)
    check("STAT ~ 0 <profiled.fails> 1" in r.stdout, "a call that raises is recorded", r)
    check("<profiled.leaf>" not in r.stdout, "direct native calls are not events in default builds", r)
    check("EVENTS c_call:profiled.mid" in r.stdout, "sys.setprofile sees a c_call named by module", r)


def test_cprofile_sees_profile_build(env):
    r = profile_run(env, ["--profile"])
    events = "EVENTS call:mid:9 call:leaf:5 return:leaf:5 call:leaf:5 return:leaf:5 return:mid:9"
    check(events in r.stdout, "sys.setprofile sees call/return with file line and name, direct calls too", r)
    if python_version(env) >= 312:
        raise Skip("cProfile listens to sys.monitoring from 3.12; checked sys.setprofile only")
    check("STAT profiled.py 9 mid 3" in r.stdout, "pstats: profiled.py:9(mid) with 3 calls", r)
    check("STAT profiled.py 5 leaf 30" in r.stdout, "pstats: the 30 direct calls of leaf", r)
    check("STAT profiled.py 16 fails 1" in r.stdout, "pstats: a call that raised", r)
    check("STAT profiled.py 22 evens 9" in r.stdout, "pstats: each resume of a generator is a call", r)
    check("STAT profiled.py 35 walk 10" in r.stdout, "pstats: a yield from's steps are resumes of its generator", r)


# ---- the HTML view in a real browser ----

def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI") == "true":
        raise AssertionError("chromium is missing (CI installs it)")
    raise Skip("chromium is not installed")


def rendered_lines(dom):
    """line number -> (class, text) of each source line in the rendered DOM."""
    out = {}
    pattern = r'<div class="line (\w+)" id="L(\d+)" data-line="\d+"[^>]*>.*?<code>(.*?)</code></div>'
    for kind, n, text in re.findall(pattern, dom, re.S):
        out[int(n)] = (kind, html.unescape(text))
    return out


def test_html_in_chromium(env):
    browser = chromium()
    d = env.example("html")
    r = env.hot(["--json", "data.json", "main.py"], d)
    check(r.returncode == 0, "the profile run", r)
    a = run([env.pyc2c, "annotate", "risk.py", "--profile", "data.json", "-o", "risk.html"], d)
    check(a.returncode == 0, "pyc2c annotate", a)
    page = os.path.join(d, "risk.html")
    check("http" not in open(page).read().replace("http-equiv", ""), "no network resources")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,1100"]
    dom = run([browser, *flags, "--dump-dom", "file://" + page], d, timeout=120)
    check(dom.returncode == 0 and "</html>" in dom.stdout, "chromium renders the page", dom)
    lines = rendered_lines(dom.stdout)
    source = open(os.path.join(d, "risk.py")).read().splitlines()
    for n, text in enumerate(source, 1):
        check(n in lines, f"line {n} is on the page")
        check(lines[n][1] == (text or " "), f"line {n}'s text: {lines[n][1]!r} != {text!r}")
        check(lines[n][0] in ("native", "generic", "kept", "none"), f"line {n} has a kind")
    find = lambda s: next(n for n, t in enumerate(source, 1) if s in t)
    check(lines[find("mean += prices[i]")][0] == "generic", "an unannotated operation is generic")
    check(lines[find("worst = 0.0")][0] == "native", "a float constant store is native")
    check(lines[find('"""The highest')][0] == "none", "a docstring line has no code")
    check('id="C' + str(find("mean += prices[i]")) + '"' in dom.stdout, "the line's C is on the page")
    check("rolling_volatility" in dom.stdout and " s</td>" in dom.stdout, "the function's time is shown")
    shot_dir = os.path.join(ROOT, "build", "test-hot")
    os.makedirs(shot_dir, exist_ok=True)
    shot = os.path.join(shot_dir, "annotate.png")
    s = run([browser, *flags, "--screenshot=" + shot, "file://" + page], d, timeout=120)
    check(s.returncode == 0 and os.path.getsize(shot) > 10000, "the screenshot is written", s)


def test_html_kept_function(env):
    d = tempfile.mkdtemp(dir=env.scratch)
    with open(os.path.join(d, "m.py"), "w") as f:
        f.write("def typed(x: int) -> int:\n    return x + 1\n\n\nasync def gen(n):\n    return n\n")
    a = run([env.pyc2c, "annotate", "m.py"], d)
    check(a.returncode == 0, "pyc2c annotate", a)
    page = open(os.path.join(d, "m.html")).read()
    lines = rendered_lines(page)
    check(lines[2][0] == "native" and lines[5][0] == "kept" and lines[6][0] == "kept",
          f"native and kept lines ({lines})")
    check("gen is kept as Python" in page, "the reason is on the page")


# ---- bad input ----

def bad(env, script, *args):
    d = tempfile.mkdtemp(dir=env.scratch)
    for name in os.listdir(HERE):
        shutil.copy(os.path.join(HERE, name), d)
    return env.hot([script, *args], d)


def test_missing_script(env):
    r = bad(env, "no_such_script.py")
    check(r.returncode == 2, "exit status 2, as python's", r)
    check("pyc2c hot: error: cannot open 'no_such_script.py': No such file or directory" in r.stderr, "message", r)


def test_syntax_error(env):
    r = bad(env, "syntax_error.py")
    check(r.returncode == 1, "exit status 1", r)
    check("syntax_error.py:2:" in r.stderr and "error: invalid syntax" in r.stderr, "file:line:col: error", r)
    check("return x +" in r.stderr and "^" in r.stderr, "the line and a caret", r)
    check("hot functions" not in r.stderr, "the program did not run", r)


def test_raise_at_import(env):
    r = bad(env, "raise_at_import.py")
    check(r.returncode == 1, "exit status 1, as python's", r)
    check("ValueError: broken at import" in r.stderr and 'broken_module.py", line 6' in r.stderr,
          "the program's traceback", r)
    check("_run.py" not in r.stderr, "without the tool's frames", r)
    check("the program raised ValueError: broken at import" in r.stderr, "the tool says it raised", r)
    check("hot functions" in r.stderr, "the profile is still shown", r)


def test_sys_exit_3(env):
    r = bad(env, "exits_3.py")
    check(r.returncode == 3, "exit status 3 passes through", r)
    check(r.stdout == "2666466670000\n", "output passes through", r)
    check("exits_3.work" in r.stderr and "(exit status 3)" in r.stderr, "the profile and the status", r)


def test_forking_program(env):
    r = bad(env, "forks.py")
    check(r.returncode == 0, "exit status 0", r)
    check(r.stdout == "328350\n", "the output is written once", r)
    check("forked" in r.stderr and "only the main process is profiled" in r.stderr, "the note on workers", r)
    check(r.stderr.count("pyc2c hot: forks.py ran") == 1, "one report", r)


TESTS = [v for k, v in sorted(globals().items()) if k.startswith("test_")]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pyc2c", required=True)
    p.add_argument("--python", default="python3")
    p.add_argument("-k", default="")
    p.add_argument("--keep", action="store_true")
    ns = p.parse_args()
    env = Env(ns)
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    try:
        for t in TESTS:
            if ns.k not in t.__name__:
                continue
            try:
                t(env)
                result, why = "PASS", ""
            except Skip as e:
                result, why = "SKIP", f" ({e})"
            except (AssertionError, subprocess.TimeoutExpired) as e:
                result, why = "FAIL", f"\n{e}"
            counts[result] += 1
            print(f"{result} {t.__name__[5:]}{why}", flush=True)
    finally:
        if not ns.keep:
            shutil.rmtree(env.scratch, ignore_errors=True)
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
