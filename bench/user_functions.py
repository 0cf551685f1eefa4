"""Per-function times of bench/user programs, interpreted against compiled: the second
table of `make bench-user`.

    python3 bench/user_functions.py [--programs a,b] [--rounds 3] [--scale 1.0] [--top 30]

Each program is built with `pyc2c --profile` (every native entry, direct calls between
compiled functions too, reports call/return to cProfile with its file, line and name).
A child process loads the source and the extension and runs main(n) under cProfile
(CPU-time timer) alternately interpreted and compiled, --rounds times each; a function's
figure is the median of its self times. The unit is the def: CPython 3.11 runs a
comprehension or generator expression as its own code object, compiled code inline in
its function, so those entries are added to the def around them on both sides.
Profiler hooks cost both sides per call, which inflates small functions' times: the
ratios are indicative, not speedups of the uninstrumented build."""
import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
USER = os.path.join(HERE, "user")
PYC2C = os.path.join(HERE, "..", "build", "pyc2c")

# The calibration module: the profiler's cost per event on each side (see CHILD).
CALIB = """
def nop(x: int) -> int:
    return x


def loop(n: int) -> int:
    t = 0
    for i in range(n):
        t += nop(i)
    return t


def bloop(n: int) -> int:
    t = 0
    xs = [1]
    for i in range(n):
        t += len(xs)
    return t


def gen(n: int):
    for i in range(n):
        yield i


def gloop(n: int) -> int:
    t = 0
    for x in gen(n):
        t += x
    return t
"""

# Runs in the child; prints one JSON line. A function's time is its self time plus the
# self time of the builtins it calls (the interpreter reports those as entries of their
# own, compiled code calls C directly), less what the profiler's hooks cost per event on
# that side: measured on CALIB (a call's cost inside the callee, in the caller, and a
# builtin call's), as the profile module's calibration does.
CHILD = r"""
import cProfile, importlib.util, json, os, sys, time
src, ext, name, n, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
calib_src, calib_ext = sys.argv[6], sys.argv[7]

def load(modname, path):
    spec = importlib.util.spec_from_file_location(modname, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[modname] = mod
    spec.loader.exec_module(mod)
    return mod

def entries(fn, arg):
    p = cProfile.Profile(time.process_time)
    p.enable()
    fn(arg)
    p.disable()
    return [e for e in p.getstats() if not isinstance(e.code, str)]

def own(e):
    # self time with the builtins it called, and its calls to Python code and to builtins
    t, py, bi = e.inlinetime, 0, 0
    for s in e.calls or ():
        if isinstance(s.code, str):
            t, bi = t + s.inlinetime, bi + s.callcount
        else:
            py += s.callcount
    return t, py, bi

def cpu(fn, arg):
    t = time.process_time()
    fn(arg)
    return time.process_time() - t

def calibrate(mod, k=200000):
    # per call: in the callee, in the caller; per builtin call; per generator resume:
    # in the generator, in its consumer (CPython keeps a generator's frame object)
    costs = []
    for _ in range(3):
        es = {e.code.co_name: e for e in entries(mod.loop, k)}
        b = own({e.code.co_name: e for e in entries(mod.bloop, k)}["bloop"])
        gs = {e.code.co_name: e for e in entries(mod.gloop, k)}
        costs.append((es["nop"].inlinetime / k, (own(es["loop"])[0] - cpu(mod.loop, k)) / k,
                      (b[0] - cpu(mod.bloop, k)) / k if b[2] else 0.0,
                      gs["gen"].inlinetime / gs["gen"].callcount,
                      (own(gs["gloop"])[0] - cpu(mod.gloop, k)) / gs["gen"].callcount))
    return [sorted(c[i] for c in costs)[1] for i in range(len(costs[0]))]

def key(c):
    return f"{c.co_firstlineno}:{c.co_name}"

def run_main(mod):
    return mod.main(n)

SRC = os.path.realpath(src)

def profiled(mod):
    # key -> [time with builtins, calls, builtin calls, {Python callee key: calls}] for the
    # program's code; "<outer>": run_main, whose self time holds what CPython does after
    # main's return event (releasing its frame's locals), compiled code before it
    res = {}
    for e in entries(run_main, mod):
        c = e.code
        outer = c is run_main.__code__
        if not outer and os.path.realpath(c.co_filename) != SRC:
            continue
        t, py, bi = own(e)
        subs = {key(s.code): s.callcount for s in e.calls or () if not isinstance(s.code, str)}
        res["<outer>" if outer else key(c)] = [t, e.callcount, bi, subs]
    return res

mods = {"interp": load("interp_" + name, src), "comp": load(name, ext)}
checks = {v: str(m.main(n)) for v, m in mods.items()}   # also the warm-up
costs = {"interp": calibrate(load("interp_calib", calib_src)), "comp": calibrate(load("calib", calib_ext))}
runs = {"interp": [], "comp": []}
for r in range(rounds):
    for v in (("interp", "comp") if r % 2 == 0 else ("comp", "interp")):
        runs[v].append(profiled(mods[v]))
print(json.dumps({"checks": checks, "runs": runs, "costs": costs}))
"""


def yields(fn) -> bool:
    """fn's own body has a yield (not one of a def or lambda inside it)."""
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(node))
    return False


class Defs:
    """The defs and lambdas of one source: qualname, first line (the first decorator's,
    as code objects count it) and line span, to name cProfile's entries."""

    def __init__(self, source: str):
        self.items = []   # (first, def_line, end, qualname, is_lambda, is_generator)
        self.walk(ast.parse(source), "")

    def walk(self, node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                qual = prefix + child.name
                self.items.append((first, child.lineno, child.end_lineno, qual, False, yields(child)))
                self.walk(child, qual + ".<locals>.")
            elif isinstance(child, ast.ClassDef):
                self.walk(child, prefix + child.name + ".")
            elif isinstance(child, ast.Lambda):
                self.items.append((child.lineno, child.lineno, child.end_lineno, prefix + "<lambda>", True, False))
                self.walk(child, prefix + "<lambda>.<locals>.")
            else:
                self.walk(child, prefix)

    def find(self, line: int, co_name: str):
        """The def an entry counts for, or None (module-level code)."""
        if co_name == "<lambda>":
            hits = [d for d in self.items if d[4] and d[0] == line]
            return hits[0] if hits else None
        if not co_name.startswith("<"):
            hits = [d for d in self.items if not d[4] and line in (d[0], d[1]) and d[3].rsplit(".", 1)[-1] == co_name]
            if hits:
                return hits[0]
        # a comprehension or generator expression: the innermost def around it
        around = [d for d in self.items if d[0] <= line <= d[2]]
        return max(around, key=lambda d: d[0]) if around else None

    def generator(self, key: str) -> bool:
        if ":" not in key:
            return False   # "<outer>": the bench's own caller of main
        line, co_name = key.split(":", 1)
        if co_name.startswith("<"):
            return co_name == "<genexpr>"
        d = self.find(int(line), co_name)
        return bool(d and d[5])


def fold(run: dict, defs: Defs, cost: list) -> dict:
    """qualname -> (time less the hooks' cost, calls), the entries of a def's comprehensions
    and generator expressions added to it."""
    into, out, builtin, gen_in, gen_out = cost
    res = {}
    for key, (raw, k, bi, subs) in run.items():
        if key == "<outer>":
            line, co_name = 0, "<outer>"
            d = next((x for x in defs.items if x[3] == "main"), None)
        else:
            line, co_name = key.split(":", 1)
            d = defs.find(int(line), co_name)
        if d is None:
            continue
        t = raw - k * (gen_in if defs.generator(key) else into) - bi * builtin
        t -= sum(c * (gen_out if defs.generator(sub) else out) for sub, c in subs.items())
        t0, k0, r0 = res.get(d[3], (0.0, 0, 0.0))
        own_calls = co_name == d[3].rsplit(".", 1)[-1]
        res[d[3]] = (t0 + t, k0 + (k if own_calls else 0), r0 + raw)
    return res


def default_n(python: str, name: str) -> int:
    code = f"import sys; sys.path.insert(0, {USER!r}); import {name}; print({name}.DEFAULT_N)"
    return int(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout)


def build_profiled(src: str, out: str, python: str, pyc2c: str):
    """The extension of src built with --profile under out, or (None, the first error line)."""
    name = os.path.basename(src)[:-3]
    build = subprocess.run([pyc2c, src, "-o", out, "--profile", "--python", python], capture_output=True, text=True)
    exts = [f for f in os.listdir(out) if f.startswith(name + ".") and f.endswith(".so")] if os.path.isdir(out) else []
    if build.returncode != 0 or not exts:
        lines = [l for l in (build.stderr + build.stdout).splitlines() if l.strip()]
        return None, "build: " + (lines[0] if lines else "failed")
    return os.path.join(out, exts[0]), ""


def prepare(workdir: str, python: str, pyc2c: str) -> dict:
    """The child script and the calibration module, source and --profile build."""
    paths = {"child": os.path.join(workdir, "prof_child.py"), "calib_src": os.path.join(workdir, "calib.py")}
    for path, text in ((paths["child"], CHILD), (paths["calib_src"], CALIB)):
        with open(path, "w") as f:
            f.write(text)
    paths["calib_ext"], err = build_profiled(paths["calib_src"], os.path.join(workdir, "calib"), python, pyc2c)
    if err:
        raise RuntimeError("the calibration module: " + err)
    return paths


def measure_program(name: str, python: str, workdir: str, rounds: int, scale: float, pyc2c: str, paths: dict) -> dict:
    """{"name", "error"?, "mismatch"?, "costs", "funcs": [{qual, interp, comp, lo_i, hi_i, lo_c, hi_c, calls}]}"""
    src = os.path.join(USER, name + ".py")
    ext, err = build_profiled(src, os.path.join(workdir, "prof-" + name), python, pyc2c)
    if err:
        return {"name": name, "error": err, "funcs": []}
    n = max(1, int(default_n(python, name) * scale))
    proc = subprocess.run([python, paths["child"], src, ext, name, str(n), str(rounds), paths["calib_src"],
                           paths["calib_ext"]], capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        return {"name": name, "error": lines[-1] if lines else f"exit {proc.returncode}", "funcs": []}
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    with open(src, encoding="utf-8") as f:
        defs = Defs(f.read())
    runs = {v: [fold(r, defs, data["costs"][v]) for r in rs] for v, rs in data["runs"].items()}
    funcs = []
    for qual in sorted(set().union(*runs["interp"])):
        ti = [r.get(qual, (0.0, 0, 0.0))[0] for r in runs["interp"]]
        tc = [r[qual][0] for r in runs["comp"] if qual in r]
        # the share of the measured time that is left after the hooks' cost, the lower side's
        left = min(statistics.median(r[qual][0] / r[qual][2] if r[qual][2] > 0 else 1.0
                                     for r in rs if qual in r) if any(qual in r for r in rs) else 1.0
                   for rs in runs.values())
        funcs.append({"qual": qual, "interp": statistics.median(ti), "lo_i": min(ti), "hi_i": max(ti),
                      "comp": statistics.median(tc) if tc else None, "lo_c": min(tc) if tc else None,
                      "hi_c": max(tc) if tc else None, "calls": runs["interp"][0].get(qual, (0, 0, 0.0))[1],
                      "calls_c": runs["comp"][0].get(qual, (0, 0, 0.0))[1], "left": left})
    res = {"name": name, "funcs": funcs, "costs": data["costs"]}
    if data["checks"]["interp"] != data["checks"]["comp"]:
        res["mismatch"] = True
    return res


FLOOR = 0.0005   # s: below it on both sides, the hooks' cost is most of what is left
HOOKS = 0.3      # under this share of the measured time left after the hooks' cost, a
                 # few percent of error in their calibrated cost is all of the difference


def verdict(f: dict) -> str:
    if f["comp"] is None:
        return "not seen compiled"
    if f["interp"] < FLOOR and f["comp"] < FLOOR:
        return "below 0.5 ms"
    if f["left"] < HOOKS:
        return "mostly hook cost"
    if f["comp"] <= f["interp"]:
        return ""
    # slower: beyond noise when every compiled round took longer than every interpreted one
    return "**SLOWER**" if f["lo_c"] > f["hi_i"] else "slower, within noise"


def ns(x: float) -> str:
    return f"{x * 1e9:.0f}"


def render(rows: list, top: int = 30) -> str:
    every = [(row["name"], f) for row in rows for f in row["funcs"]]
    every.sort(key=lambda p: -p[1]["interp"])
    shown = every[:top] + [p for p in every[top:] if p[1]["comp"] is not None and p[1]["comp"] > p[1]["interp"]
                           and verdict(p[1]) != "below 0.5 ms"]
    out = ["| function | calls | interpreted (s) | compiled (s) | ratio | |", "|---|---|---|---|---|---|"]
    for prog, f in shown:
        comp = f"{f['comp']:.4f}" if f["comp"] is not None else "—"
        ratio = f"{f['interp'] / f['comp']:.2f}x" if f["comp"] and min(f["interp"], f["comp"]) > 0 else "—"
        calls = str(f["calls"]) if f["calls"] == f["calls_c"] else f"{f['calls']} / {f['calls_c']}"
        out.append(f"| {prog}.{f['qual']} | {calls} | {f['interp']:.4f} | {comp} | {ratio} | {verdict(f)} |")
    for row in rows:
        if row.get("error"):
            out.append(f"| {row['name']} | — | — | — | — | {row['error'][:80].replace('|', '/')} |")
        if row.get("mismatch"):
            out.append(f"| {row['name']}.main | — | — | — | — | **CHECKSUM MISMATCH** |")
    costs = [row["costs"] for row in rows if "costs" in row]
    med = lambda side, i: ns(statistics.median(c[side][i] for c in costs)) if costs else "?"
    slower = [f"{p}.{f['qual']}" for p, f in every if verdict(f) == "**SLOWER**"]
    out.append(
        f"\nTop {top} functions by interpreted time over all programs, then every other one slower compiled. "
        "A function's time: its CPU self time under cProfile plus that of the builtins it calls (the "
        "interpreter reports those apart, compiled code calls C directly), the median of the rounds; "
        "comprehensions and generator expressions count in the def around them; the compiled side is a "
        "`pyc2c --profile` build (no inlining, no typed copies). Profiler hooks cost both sides per call and "
        "inflate small functions' times; their cost measured on a calibration module is subtracted "
        f"(per call in the callee / in the caller, per builtin call, per generator resume in the generator / in "
        f"its consumer: interpreted {med('interp', 0)} / {med('interp', 1)}, {med('interp', 2)}, "
        f"{med('interp', 3)} / {med('interp', 4)} ns; compiled {med('comp', 0)} / {med('comp', 1)}, -, "
        f"{med('comp', 3)} / {med('comp', 4)} ns), so "
        "the ratios are indicative; \"mostly hook cost\": under 30% of a side's measured time is left after "
        "subtracting them. CPython releases a frame's locals after its return event (in the caller's time), "
        "compiled code at a local's last use: main gets its caller's time on both sides (the bench calls it "
        "from a Python function of its own); a function that drops large structures it made carries their "
        "release only compiled. "
        "calls: interpreted / compiled where they differ. **SLOWER**: every "
        "compiled round took longer than every interpreted one" +
        (f" ({len(slower)}: {', '.join(slower)})." if slower else " (none)."))
    return "\n".join(out) + "\n"


def measure_all(names: list, python: str, workdir: str, rounds: int, scale: float, pyc2c: str = PYC2C) -> list:
    paths = prepare(workdir, python, pyc2c)
    rows = []
    for name in names:
        print(f"== {name} (per function)", flush=True)
        rows.append(measure_program(name, python, workdir, rounds, scale, pyc2c, paths))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--pyc2c", default=PYC2C)
    args = ap.parse_args()
    names = args.programs.split(",") if args.programs else sorted(
        f[:-3] for f in os.listdir(USER) if f.endswith(".py"))
    with tempfile.TemporaryDirectory(prefix="pyc2c-bench-func-") as workdir:
        rows = measure_all(names, args.python, workdir, args.rounds, args.scale, args.pyc2c)
    print(render(rows, args.top))
    bad = any(r.get("error") or r.get("mismatch") for r in rows) or not any(
        f["comp"] is not None for r in rows for f in r["funcs"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
