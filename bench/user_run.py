"""`make bench-user`: the programs of bench/user (written as Python developers write
them: partial annotations, untyped containers, generators, stdlib use; each has
main(n) returning a checksum) under CPython, pyc2c and mypyc in one run.

    python3 bench/user_run.py [--programs a,b] [--reps 3] [--min-seconds 0.2] [--timing-rounds 3]
                              [--scale 1.0] [--rounds 3]
                              [--no-functions] [--results FILE]

Each variant runs in its own processes (bench/worker.py, entry main): --timing-rounds
rounds, each running CPython, pyc2c and mypyc in turn (interleaved, so a burst of load on
the shared machine falls on all of them); each process makes one warm-up call, then --reps
timed calls or more until they add up to --min-seconds of CPU; the median of all timed
calls is quoted. A checksum that differs from CPython's is flagged and makes the run
exit 1. Then the per-function table (bench/user_functions.py:
each program under cProfile, interpreted and a --profile build alternately, --rounds
times): the top functions by time with their own ratio, and every one slower compiled.
--results FILE appends both tables to FILE as a dated section (bench/user_results.md
keeps past sessions' sections)."""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import builders
import user_functions

HERE = os.path.dirname(os.path.abspath(__file__))
USER = os.path.join(HERE, "user")


def default_n(python: str, name: str) -> int:
    code = f"import sys; sys.path.insert(0, {USER!r}); import {name}; print({name}.DEFAULT_N)"
    return int(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout)


def run(python: str, directory: str, name: str, n: int, reps: int, min_seconds: float) -> dict:
    proc = subprocess.run([python, os.path.join(HERE, "worker.py"), directory, name, str(n), str(reps), "main",
                           str(min_seconds)], capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        return {"error": lines[-1] if lines else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(args, name: str, workroot: str) -> dict:
    n = max(1, int(default_n(args.python, name) * args.scale))
    dirs, res, kept = {"CPython": USER}, {}, ""
    for tool in ("pyc2c", "mypyc"):
        b = builders.BUILDERS[tool](os.path.join(USER, name + ".py"), os.path.join(workroot, tool, name), args.python)
        if b.directory:
            dirs[tool] = b.directory
        else:
            res[tool] = {"error": b.reason}
        kept = b.kept if tool == "pyc2c" else kept
    for _ in range(args.timing_rounds):
        for variant, directory in dirs.items():
            if "error" in res.get(variant, {}):
                continue
            r = run(args.python, directory, name, n, args.reps, args.min_seconds)
            if "error" in r or variant not in res:
                res[variant] = r
            else:
                res[variant]["times"] += r["times"]
                if r["checksum"] != res[variant]["checksum"]:
                    res[variant]["checksum"] = f"unstable: {res[variant]['checksum']} then {r['checksum']}"
    if not res["CPython"].get("file", ".py").endswith(".py"):
        # an extension beside the source (`pyc2c --report` builds one there) is imported first
        res["CPython"] = {"error": "CPython run imported " + res["CPython"]["file"] + ": remove it"}
    ref = res["CPython"].get("checksum")
    for v, r in res.items():
        if "checksum" in r and r["checksum"] != ref:
            r["mismatch"] = True
    return {"name": name, "n": n, "res": res, "kept": kept}


def ratio(row: dict, variant: str):
    base, r = row["res"]["CPython"], row["res"][variant]
    if "times" not in base or "times" not in r or r.get("mismatch"):
        return None
    return statistics.median(base["times"]) / statistics.median(r["times"])


def render(rows: list) -> str:
    out = ["| program | CPython (s) | pyc2c | mypyc | pyc2c kept as Python |", "|---|---|---|---|---|"]
    for row in rows:
        base = row["res"]["CPython"]
        t = f"{statistics.median(base['times']):.3f}" if "times" in base else base.get("error", "?")
        cells = []
        for v in ("pyc2c", "mypyc"):
            x = ratio(row, v)
            r = row["res"][v]
            cells.append("**MISMATCH**" if r.get("mismatch") else f"{x:.2f}x" if x else
                         "— (" + r.get("error", "?")[:60].replace("|", "/") + ")")
        out.append(f"| {row['name']} | {t} | {cells[0]} | {cells[1]} | {row['kept'] or '—'} |")
    for v in ("pyc2c", "mypyc"):
        xs = [x for x in (ratio(r, v) for r in rows) if x]
        if xs:
            geo = math.exp(sum(math.log(x) for x in xs) / len(xs))
            worst = min((ratio(r, v) or 1e9, r["name"]) for r in rows)
            out.append(f"\n{v}: geometric mean {geo:.2f}x over CPython on {len(xs)} programs; "
                       f"slowest {worst[1]} at {worst[0]:.2f}x")
    return "\n".join(out) + "\n"


def write_results(path: str, text: str) -> None:
    """Appends the run as a dated section (the file keeps past sessions' sections)."""
    rev = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    head = "" if os.path.exists(path) else "# bench/user: programs as Python developers write them (make bench-user)\n"
    with open(path, "a") as f:
        f.write(f"{head}\n## make bench-user, {when} (commit {rev.stdout.strip() or '?'})\n\n{text}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--min-seconds", type=float, default=0.2, help="CPU seconds of timed calls per process")
    ap.add_argument("--timing-rounds", type=int, default=3, help="interleaved processes of each variant")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--rounds", type=int, default=3, help="per-function table: profiled runs of each side")
    ap.add_argument("--no-functions", action="store_true", help="leave out the per-function table")
    ap.add_argument("--results", help="append the tables to this file (bench/user_results.md)")
    args = ap.parse_args()
    names = args.programs.split(",") if args.programs else sorted(
        f[:-3] for f in os.listdir(USER) if f.endswith(".py"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="pyc2c-bench-user-") as workroot:
        os.environ["PYC2C_CACHE_DIR"] = os.path.join(workroot, "cache")
        for name in names:
            print(f"== {name}", flush=True)
            rows.append(measure(args, name, workroot))
        text = render(rows)
        print(text, flush=True)
        funcs = [] if args.no_functions else user_functions.measure_all(
            names, args.python, workroot, args.rounds, args.scale)
    if funcs:
        ftext = user_functions.render(funcs)
        print(ftext)
        text += "\n### Per function\n\n" + ftext
    if args.results:
        write_results(args.results, text)
    bad = any(r.get("mismatch") for row in rows for r in row["res"].values())
    return 1 if bad or any(r.get("mismatch") for r in funcs) else 0


if __name__ == "__main__":
    sys.exit(main())
