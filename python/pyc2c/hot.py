"""`pyc2c hot [OPTIONS] SCRIPT.py|-m MODULE [ARGS...]`: runs the program under a profiler,
ranks the user's own modules and functions, says which pyc2c compiles natively today and
why not, shows the types each saw; --annotate proposes the annotations those types
support (--apply writes them), --compile builds the hot modules and runs again to
compare output and time, -o writes the HTML view of the hottest module.

The program runs in a child process (_run.py) with its stdin, stdout and stderr; its
exit status is the tool's.  The tables go to stderr, the --annotate diff to stdout
after the program's own output."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from . import compiler, suggest

USAGE = "pyc2c hot [OPTIONS] SCRIPT.py|-m MODULE [ARGS...]"


def parse_args(argv):
    p = argparse.ArgumentParser(prog="pyc2c hot", usage=USAGE, description=__doc__.split("\n\n")[0])
    p.add_argument("--top", type=int, default=10, metavar="N", help="show the N hottest functions (10)")
    p.add_argument("--min-share", type=float, default=1.0, metavar="PCT",
                   help="leave out functions below PCT%% of the profiled time (1)")
    p.add_argument("--json", metavar="FILE", help="write the data (ranking, types, line samples) as JSON")
    p.add_argument("-o", dest="html", metavar="FILE.html", help="write the HTML view of the hottest module")
    p.add_argument("--annotate", action="store_true", help="print the annotations the observed types support")
    p.add_argument("--apply", action="store_true", help="write them into the files (keeping FILE.orig)")
    p.add_argument("--compile", action="store_true",
                   help="build the modules of the hot functions, run again, compare output and time")
    p.add_argument("-m", dest="module", metavar="MODULE", help="run a module as python -m does")
    p.add_argument("program", nargs=argparse.REMAINDER, help="SCRIPT.py and its arguments")
    ns = p.parse_args(argv)
    if ns.module is None and not ns.program:
        p.error("no program to run: give SCRIPT.py or -m MODULE")
    if ns.module is not None:
        ns.target, ns.args = ns.module, ns.program
    else:
        ns.target, ns.args = ns.program[0], ns.program[1:]
    return ns


def fail(message, status=1):
    print(f"pyc2c hot: error: {message}", file=sys.stderr)
    return status


def check_script(path):
    """None, or the message python would refuse the script with (missing, a syntax error
    shown as a diagnostic with the line and a caret)."""
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as e:
        return f"cannot open '{path}': {e.strerror}", 2
    try:
        compile(source, path, "exec")
    except SyntaxError as e:
        line = (e.text or "").rstrip("\n")
        caret = " " * (max(e.offset or 1, 1) - 1) + "^"
        return f"{e.filename}:{e.lineno}:{e.offset}: error: {e.msg}\n    {line}\n    {caret}", 1
    return None


# ---- running the program ----

def run(ns, types, first_path=None, capture=False):
    """Runs the program once under _run.py. Returns (data, captured stdout bytes or None)."""
    fd, data_path = tempfile.mkstemp(prefix="pyc2c-hot-", suffix=".json")
    os.close(fd)
    os.unlink(data_path)
    cmd = [sys.executable, "-m", "pyc2c._run", data_path]
    cmd += ["--types"] if types else []
    cmd += ["--first-path", first_path] if first_path else []
    cmd += ["-m", ns.target] if ns.module is not None else [ns.target]
    cmd += ns.args
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + \
        (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    out = None
    if capture:
        r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, status = r.stdout, r.returncode
    else:
        sys.stdout.flush()
        status = subprocess.call(cmd, env=env)
    try:
        with open(data_path) as f:
            data = json.load(f)
        os.unlink(data_path)
    except OSError:
        data = {"status": status, "error": "the program ended without writing its profile "
                "(os._exit or a signal)", "stats": [], "types": {}, "lines": {}, "wall": None, "cpu": None,
                "forks": 0}
    data["exit"] = status
    return data, out


# ---- ranking ----

def module_of(path, roots):
    for root in roots:
        rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
        if not rel.startswith(".."):
            mod = rel[:-3] if rel.endswith(".py") else rel
            mod = mod.replace(os.sep, ".")
            return mod[:-9] if mod.endswith(".__init__") else mod
    return os.path.basename(path)[:-3]


def roots_of(ns):
    return [os.getcwd()] if ns.module is not None else [os.path.dirname(os.path.abspath(ns.target))]


def is_user(path, roots):
    from ._run import user_file_test
    return user_file_test(roots)(path)


def status_text(f):
    """pyc2c today, from the compiler's report: native, generic (unannotated), kept and why."""
    if f is None:
        return "not found in the report"
    if f["status"] == "kept":
        return f"kept as Python: {f['reason']} (line {f['reason_line']})"
    if f.get("nested"):
        return "nested in a native function"
    missing = list(f["unannotated"]) + ([] if f["returns_annotated"] else ["return"])
    return "native" if not missing else "native, generic objects (unannotated: " + ", ".join(missing) + ")"


def types_text(obs):
    if not obs:
        return ""
    def one(counts):
        names = sorted(counts, key=lambda n: -counts[n])
        return "|".join(n.replace("!", "") for n in names)
    params = ", ".join(f"{p}: {one(c)}" for p, c in obs["params"].items() if c)
    return f"({params}) -> {one(obs['returns'])}" if obs["returns"] else f"({params})"


def rank(data, roots):
    """The user's functions by self time: dicts with module, name, file, line, self,
    share, cum_share, calls, report entry, observed types."""
    from ._run import user_file_test
    user = user_file_test(roots)
    rows = [r for r in data["stats"] if user(r[0])]
    total = sum(r[5] for r in data["stats"]) or 1e-9
    rows.sort(key=lambda r: -r[5])
    reports, out, cum = {}, [], 0.0
    for file, line, name, cc, nc, tt, ct in rows:
        if file not in reports:
            reports[file] = compiler.report(file)
        entry = compiler.function_at(reports[file], name, line)
        qual = entry["name"] if entry else name
        cum += tt / total
        out.append({"module": module_of(file, roots), "name": qual, "file": file, "line": line,
                    "self": tt, "cumulative": ct, "share": tt / total, "cum_share": cum, "calls": nc,
                    "report": entry, "pyc2c": status_text(entry),
                    "types": data["types"].get(f"{file}:{line}:{name}")})
    return out, reports, total


def module_rows(funcs, total):
    mods = {}
    for f in funcs:
        m = mods.setdefault(f["module"], {"module": f["module"], "file": f["file"], "self": 0.0, "calls": 0})
        m["self"] += f["self"]
        m["calls"] += f["calls"]
    rows = sorted(mods.values(), key=lambda m: -m["self"])
    for m in rows:
        m["share"] = m["self"] / total
    return rows


def hot_functions(funcs, ns):
    return [f for f in funcs if f["share"] * 100 >= ns.min_share][:ns.top]


def print_table(headers, rows, out):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    fmt = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    print(fmt(headers), file=out)
    for r in rows:
        print(fmt(r), file=out)


def print_ranking(ns, data, mods, hot, total, out=sys.stderr):
    target = f"-m {ns.target}" if ns.module is not None else ns.target
    wall = f"{data['wall']:.2f} s" if data.get("wall") is not None else "?"
    print(f"\npyc2c hot: {target} ran in {wall} (exit status {data['exit']}); "
          f"{total:.3f} s of profiled time", file=out)
    if data.get("error"):
        print(f"pyc2c hot: the program raised {data['error']}; the profile covers its run up to there", file=out)
    if data.get("forks"):
        print(f"pyc2c hot: note: the program forked {data['forks']} worker process(es); only the main "
              "process is profiled, the workers' time is not in the tables", file=out)
    print("\nmodules (self time of their functions):", file=out)
    print_table(["module", "self s", "share", "calls"],
                [[m["module"], f"{m['self']:.3f}", f"{m['share'] * 100:.1f}%", m["calls"]] for m in mods], out)
    print(f"\nhot functions (top {ns.top}, at least {ns.min_share:g}% of the time):", file=out)
    print_table(["#", "function", "self s", "share", "cum", "calls", "pyc2c today", "observed types"],
                [[i + 1, f"{f['module']}.{f['name']}", f"{f['self']:.3f}", f"{f['share'] * 100:.1f}%",
                  f"{f['cum_share'] * 100:.1f}%", f["calls"], f["pyc2c"], types_text(f["types"])]
                 for i, f in enumerate(hot)], out)


# ---- annotations ----

def annotate(ns, hot):
    """Prints the suggestions (stderr) and the diff (stdout); with --apply writes them."""
    by_file = {}
    for f in hot:
        if f["report"] and f["types"] and f["types"]["calls"]:
            by_file.setdefault(f["file"], []).append(f)
    notes, wrote = [], []
    for file, funcs in by_file.items():
        with open(file, encoding="utf-8") as fh:
            source = fh.read()
        edits = []
        for f in funcs:
            e, sugg = suggest.suggestions_for(source, f["report"], f["types"])
            edits += e
            notes += [f"{f['module']}.{s.describe()}" for s in sugg]
            f["suggestions"] = [{"target": s.target, "annotation": s.annotation, "calls": s.calls, "why": s.why}
                                for s in sugg]
        if edits:
            new = suggest.apply_edits(source, edits)
            sys.stdout.write(suggest.diff(file, source, new))
            if ns.apply:
                wrote.append((file, suggest.apply_file(file, new)))
    sys.stdout.flush()
    print("\nannotations the observed types support:", file=sys.stderr)
    for n in notes or ["(none: no hot function of the user's files saw a call)"]:
        print("  " + n, file=sys.stderr)
    for file, backup in wrote:
        print(f"pyc2c hot: annotated {os.path.relpath(file)} (the old text is in {os.path.relpath(backup)})",
              file=sys.stderr)


# ---- compile and measure again ----

def compile_and_compare(ns, hot, before_types_run):
    files = []
    script = os.path.realpath(ns.target) if ns.module is None else None
    for f in hot:
        if os.path.realpath(f["file"]) == script:   # runs as __main__ from its source
            print(f"pyc2c hot: not building {os.path.relpath(f['file'])}: the script itself runs from "
                  "source as __main__ (move its hot code into a module to compile it)", file=sys.stderr)
        elif f["file"] not in files and f["report"] is not None:
            files.append(f["file"])
    if not files:
        return fail("--compile: no hot function in a module pyc2c can build")
    out_dir = tempfile.mkdtemp(prefix="pyc2c-hot-build-")
    try:
        for file in files:
            ok, messages = compiler.build(file, out_dir)
            print(f"pyc2c hot: built {os.path.relpath(file)}" if ok else
                  f"pyc2c hot: could not build {os.path.relpath(file)}:\n{messages}", file=sys.stderr)
            if not ok:
                return 1
        before, out_before = run(ns, types=False, capture=True)
        after, out_after = run(ns, types=False, first_path=out_dir, capture=True)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    same = out_before == out_after and before["exit"] == after["exit"]
    print_comparison(ns, hot, before, after, same)
    return 0 if same else 1


def function_times(data, roots):
    """module.qualname -> self time, for interpreted functions and for compiled ones
    (cProfile's C-level entries "<module.qualname>")."""
    from ._run import user_file_test
    user = user_file_test(roots)
    times = {}
    reports = {}
    for file, line, name, cc, nc, tt, ct in data["stats"]:
        if file == "~" and name.startswith("<") and "." in name and not name.startswith("<built-in"):
            key = name[1:-1]
        elif user(file):
            rep = reports.setdefault(file, compiler.report(file))
            entry = compiler.function_at(rep, name, line)
            key = f"{module_of(file, roots)}.{entry['name'] if entry else name}"
        else:
            continue
        times[key] = times.get(key, 0.0) + tt
    return times


def print_comparison(ns, hot, before, after, same):
    roots = roots_of(ns)
    tb, ta = function_times(before, roots), function_times(after, roots)
    print("\nbefore/after (both runs under cProfile, times per function in wall-clock seconds; "
          "compiled functions show as C-level entries):",
          file=sys.stderr)
    speed = lambda b, a: f"{b / a:.2f}x" if a and b else "-"
    rows = [["total (wall)", f"{before['wall']:.3f} s", f"{after['wall']:.3f} s", speed(before["wall"], after["wall"])],
            ["total (CPU)", f"{before['cpu']:.3f} s", f"{after['cpu']:.3f} s", speed(before["cpu"], after["cpu"])]]
    for f in hot:
        key = f"{f['module']}.{f['name']}"
        b, a = tb.get(key), ta.get(key)
        rows.append([key, f"{b:.3f} s" if b is not None else "-", f"{a:.3f} s" if a is not None else
                     "- (not seen)", speed(b, a) if a is not None else "-"])
    print_table(["", "before", "after", "speedup"], rows, sys.stderr)
    if same:
        print("pyc2c hot: the compiled run's output is identical to the interpreted run's", file=sys.stderr)
    else:
        print("pyc2c hot: error: the compiled run's output DIFFERS from the interpreted run's "
              f"(exit status {before['exit']} before, {after['exit']} after)", file=sys.stderr)


# ---- main ----

def write_json(path, ns, data, mods, funcs, hot):
    doc = {"program": ns.target, "args": ns.args, "exit": data["exit"], "wall": data["wall"],
           "cpu": data["cpu"], "error": data.get("error"), "forks": data.get("forks", 0),
           "modules": mods, "functions": [{k: v for k, v in f.items() if k != "report"} for f in funcs],
           "hot": [f"{f['module']}.{f['name']}" for f in hot], "lines": data["lines"],
           "sample_interval": 0.001}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return doc


def main(argv):
    ns = parse_args(argv)
    if ns.module is None:
        problem = check_script(ns.target)
        if problem:
            return fail(*problem)
    data, _ = run(ns, types=True)
    roots = roots_of(ns)
    funcs, reports, total = rank(data, roots)
    mods = module_rows(funcs, total)
    hot = hot_functions(funcs, ns)
    print_ranking(ns, data, mods, hot, total)
    if ns.annotate or ns.apply:
        annotate(ns, hot)
    doc = write_json(ns.json, ns, data, mods, funcs, hot) if ns.json else None
    if ns.html and hot:
        from . import annotate as html
        doc = doc or {"functions": [{k: v for k, v in f.items() if k != "report"} for f in funcs],
                      "lines": data["lines"], "sample_interval": 0.001}
        html.write_page(hot[0]["file"], ns.html, doc)
        print(f"pyc2c hot: wrote {ns.html} (module {hot[0]['module']})", file=sys.stderr)
    status = data["exit"]
    if ns.compile:
        if compile_and_compare(ns, hot, data) != 0:
            return 1
    return status
