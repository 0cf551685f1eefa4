"""The Markdown tables of a benchmark run: speedups, build times and sizes, compile speed."""
import math
import statistics
from typing import Dict, List, Optional

VARIANTS = ["pyc2c", "mypyc", "Cython", "PyPy", "C"]


def median(r: Dict) -> Optional[float]:
    if "times" not in r or "mismatch" in r or not r["times"]:
        return None
    return statistics.median(r["times"])


def short(reason: str, width: int = 90) -> str:
    reason = reason.replace("|", "/")
    return reason if len(reason) <= width else reason[: width - 1] + "…"


def cell(row: Dict, variant: str) -> str:
    r = row["results"].get(variant)
    if r is None:
        return "n/a"
    if "mismatch" in r:
        return f"**MISMATCH** ({short(r['mismatch'], 50)})"
    if "error" in r:
        return f"— ({short(r['error'])})"
    base, t = median(row["results"]["CPython"]), median(r)
    text = f"{base / t:.1f}x" if base and t else "?"
    build = row["builds"].get(variant)
    return f"{text} ({build.kept})" if build is not None and build.kept else text


def speedup(row: Dict, variant: str) -> Optional[float]:
    r = row["results"].get(variant)
    base = median(row["results"]["CPython"])
    t = median(r) if r else None
    return base / t if base and t else None


def geomean(values: List[float]) -> str:
    vals = [v for v in values if v]
    if not vals:
        return "—"
    return f"{math.exp(sum(math.log(v) for v in vals) / len(vals)):.2f}x (of {len(vals)})"


def speed_table(rows: List[Dict]) -> List[str]:
    present = [v for v in VARIANTS if any(v in r["results"] for r in rows)]
    head = ["program", "n", "CPython (median s)"] + [f"{v}" for v in present] + ["pyc2c/mypyc", "pyc2c/Cython"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cp = median(row["results"]["CPython"])
        cells = [row["name"], str(row["n"]), f"{cp:.3f}" if cp else cell(row, "CPython")]
        cells += [cell(row, v) for v in present]
        for peer in ("mypyc", "Cython"):
            a, b = speedup(row, "pyc2c"), speedup(row, peer)
            cells.append(f"{a / b:.2f}" if a and b else "—")
        out.append("| " + " | ".join(cells) + " |")
    means = ["**geometric mean**", "", ""] + [geomean([speedup(r, v) for r in rows]) for v in present]
    for peer in ("mypyc", "Cython"):
        ratios = [speedup(r, "pyc2c") / speedup(r, peer) for r in rows if speedup(r, "pyc2c") and speedup(r, peer)]
        means.append(geomean(ratios).replace("x", ""))
    out.append("| " + " | ".join(means) + " |")
    return out


def build_table(rows: List[Dict]) -> List[str]:
    out = ["| program | pyc2c build s (front-to-C + cc) | mypyc build s | Cython build s | pyc2c .so KiB | mypyc .so KiB | Cython .so KiB |",
           "|---|---|---|---|---|---|---|"]
    for row in rows:
        b = row["builds"]
        def secs(tool: str) -> str:
            x = b.get(tool)
            if not x or not x.directory:
                return "—"
            if x.parts:
                return f"{x.seconds:.2f} ({x.parts['front-to-C']:.3f} + {x.parts['cc']:.2f})"
            return f"{x.seconds:.2f}"
        def size(tool: str) -> str:
            x = b.get(tool)
            return f"{x.size / 1024:.0f}" if x and x.directory else "—"
        out.append(f"| {row['name']} | {secs('pyc2c')} | {secs('mypyc')} | {secs('Cython')} | "
                   f"{size('pyc2c')} | {size('mypyc')} | {size('Cython')} |")
    return out


def speed_of_compile(speed: Optional[Dict]) -> List[str]:
    if not speed:
        return ["(not measured: --no-compile-speed)"]
    out = [f"A generated typed module of {speed['lines']} lines ({speed['functions']} functions).", "",
           "| compiler | to C | end-to-end build (wall) | CPU of the build | peak memory of the build | load average | lines of C |",
           "|---|---|---|---|---|---|---|"]
    for tool, r in speed["results"].items():
        if "error" in r:
            out.append(f"| {tool} | — | — ({short(r['error'])}) | — | — | — | — |")
        else:
            to_c = f"{r['to_c']:.3f} s" if r.get("to_c") is not None else "—"
            c_lines = f"{r['c_lines']:,}" if r.get("c_lines") else "—"
            out.append(f"| {tool} | {to_c} | {r['total']:.2f} s | {r['cpu']:.2f} s | {r['peak_mb']:.0f} MB "
                       f"| {r.get('load', 0):.1f} | {c_lines} |")
    out += ["", "Peak memory: the resident memory of the build's whole process tree (compilers "
            "running in parallel add up), sampled every 50 ms. CPU: user and system time of every "
            "process of the build. Load average: the machine's 1-minute load around the build "
            "(other work inflates wall time first, then CPU). Lines of C: pyc2c's generated C."]
    return out


def render(rows, speed, versions: Dict[str, str], machine: str, day: str, args) -> str:
    lines = [f"# pyc2c benchmark results", "",
             f"Date: {day}. Machine: {machine}.",
             f"Every variant runs on {args.python}; {args.rounds} interleaved rounds of {args.reps} timed calls (CPU time) after a warm-up each, medians quoted;",
             "speedups are CPython's median time over the variant's. Checksums are compared with CPython's.", ""]
    lines += [f"- {k}: {v}" for k, v in versions.items()]
    lines += ["", "## Speed", ""] + speed_table(rows)
    lines += ["", "## Builds", ""] + build_table(rows)
    lines += ["", "## Compile speed", ""] + speed_of_compile(speed)
    return "\n".join(lines) + "\n"
