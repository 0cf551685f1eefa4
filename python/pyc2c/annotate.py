"""`pyc2c annotate FILE.py [--profile DATA.json] [-o FILE.html]` (and `pyc2c hot -o`):
one self-contained HTML page of a module's source, each line coloured by how pyc2c
compiles it (native unboxed code, generic object operations, kept as Python, or no
code), with the reason for anything not native, the line's generated C on click and,
given the data of `pyc2c hot --json`, each function's and line's time as heat.
No network resources: the CSS and JS are inline."""
import argparse
import html
import json
import os
import sys

from . import compiler

KIND_TEXT = {"native": "native code", "generic": "generic object operations",
             "kept": "kept as Python (run by CPython)", "none": "no code"}

STYLE = """
body { font: 14px/1.4 sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; } .legend span { padding: 0 .5em; margin-right: .5em; }
table.funcs { border-collapse: collapse; margin: 1em 0; } .funcs td, .funcs th { padding: 2px 10px; text-align: left; }
.funcs th { border-bottom: 1px solid #999; }
#src { font: 13px/1.35 monospace; border: 1px solid #ccc; }
.line { display: flex; white-space: pre; cursor: pointer; }
.line .no { width: 4em; text-align: right; padding-right: 1em; color: #777; background: #f3f3f3; }
.line .heat { width: 5em; text-align: right; padding-right: .5em; color: #555; }
.line code { flex: 1; font: inherit; padding-left: .5em; }
.native code, .legend .native { background: #e3f6e3; }
.generic code, .legend .generic { background: #fff1c4; }
.kept code, .legend .kept { background: #f9d4d4; }
.none code, .legend .none { background: #fff; }
.why { color: #8a4b00; font-style: italic; padding-left: 10em; }
pre.c { margin: 0 0 0 9.5em; padding: .4em .8em; background: #f6f8fa; border-left: 3px solid #79a; font-size: 12px; }
"""

SCRIPT = """
document.getElementById('src').addEventListener('click', function (ev) {
  var line = ev.target.closest('.line');
  if (!line) return;
  var c = document.getElementById('C' + line.dataset.line);
  if (c) c.hidden = !c.hidden;
});
"""


def classify(rep, nlines):
    """Per line (1-based): (kind, reason or None, C text or None)."""
    out = {n: ["none", None, None] for n in range(1, nlines + 1)}
    for key, entry in rep.get("lines", {}).items():
        n = int(key)
        if n in out:
            why = entry.get("why")
            if why and why.startswith("obj_"):
                why += ": an operation on values of unknown type (annotations make it native)"
            out[n] = [entry["kind"], why, entry.get("c")]
    for f in rep.get("functions", []):
        if f["status"] == "kept":
            for n in range(f["line"], min(f["end_line"], nlines) + 1):
                out[n][0] = "kept"
                out[n][1] = f"{f['name']} is kept as Python: {f['reason']} (line {f['reason_line']})"
    return out


def profile_for(data, path):
    """(per-line samples, functions with self time) of path in `pyc2c hot --json` data."""
    if not data:
        return {}, []
    real = os.path.realpath(path)
    lines = {}
    for file, counts in data.get("lines", {}).items():
        if os.path.realpath(file) == real:
            lines = {int(k): v for k, v in counts.items() if k.isdigit()}
    funcs = [f for f in data.get("functions", []) if os.path.realpath(f["file"]) == real]
    return lines, funcs


def heat_style(value, top):
    if not value or not top:
        return ""
    return f' style="background: rgba(230, 60, 20, {0.15 + 0.75 * value / top:.2f})"'


def render(path, source, rep, data=None):
    src_lines = source.splitlines()
    kinds = classify(rep, len(src_lines))
    samples, funcs = profile_for(data, path)
    top = max(samples.values(), default=0)
    interval = (data or {}).get("sample_interval", 0.001)
    by_def = {f["line"]: f for f in funcs if f["name"] != "<module>"}
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>pyc2c annotate: {html.escape(os.path.basename(path))}</title>",
           f"<style>{STYLE}</style></head><body>",
           f"<h1>pyc2c annotate: {html.escape(path)}</h1>",
           '<p class="legend">' + "".join(f'<span class="{k}">{html.escape(t)}</span>' for k, t in KIND_TEXT.items())
           + " &mdash; click a line for its C</p>"]
    if rep.get("error"):
        out.append(f"<pre class='why'>{html.escape(rep['error'])}</pre>")
    out.append(function_table(rep, funcs))
    out.append('<div id="src">')
    for n, text in enumerate(src_lines, 1):
        kind, why, c = kinds[n]
        heat = samples.get(n, 0)
        f = by_def.get(n)
        title = KIND_TEXT[kind] + (f": {why}" if why else "")
        label = f"{heat * interval * 1000:.0f} ms" if heat else (f"{f['self']:.3f} s" if f else "")
        out.append(f'<div class="line {kind}" id="L{n}" data-line="{n}" title="{html.escape(title, True)}">'
                   f'<span class="no">{n}</span><span class="heat"{heat_style(heat, top)}>{label}</span>'
                   f'<code>{html.escape(text) or " "}</code></div>')
        if why and kind != "native":
            out.append(f'<div class="why">{html.escape(why)}</div>')
        if c:
            out.append(f'<pre class="c" id="C{n}" hidden>{html.escape(c.rstrip())}</pre>')
    out.append(f"</div><script>{SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


def fmt_time(f):
    return f"{f['self']:.3f} s" if f else ""


def function_table(rep, funcs):
    times = {f["name"]: f for f in funcs}
    top = max((f["self"] for f in funcs), default=0)
    rows = ['<table class="funcs"><tr><th>function</th><th>line</th><th>pyc2c</th><th>self time</th>'
            '<th>calls</th></tr>']
    for f in rep.get("functions", []):
        t = times.get(f["name"])
        if f["status"] == "kept":
            status = f"kept as Python: {f['reason']} (line {f['reason_line']})"
        else:
            missing = f["unannotated"] + ([] if f["returns_annotated"] else ["return"])
            status = "native" + (f"; generic objects (unannotated: {', '.join(missing)})" if missing else "")
        rows.append(f'<tr><td><a href="#L{f["line"]}">{html.escape(f["name"])}</a></td><td>{f["line"]}</td>'
                    f"<td>{html.escape(status)}</td>"
                    f"<td{heat_style(t['self'] if t else 0, top)}>{fmt_time(t)}</td>"
                    f"<td>{t['calls'] if t else ''}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def write_page(path, out_path, data=None):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    page = render(path, source, compiler.report(path), data)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, out_path)


def main(argv):
    p = argparse.ArgumentParser(prog="pyc2c annotate", description=__doc__.split("\n\n")[0])
    p.add_argument("file", metavar="FILE.py")
    p.add_argument("--profile", metavar="DATA.json", help="the data of `pyc2c hot --json`, shown as heat")
    p.add_argument("-o", dest="out", metavar="FILE.html", help="the page (default: FILE.html beside FILE.py)")
    ns = p.parse_args(argv)
    if not os.path.isfile(ns.file):
        print(f"pyc2c annotate: error: cannot open '{ns.file}': No such file or directory", file=sys.stderr)
        return 2
    data = None
    if ns.profile:
        try:
            with open(ns.profile) as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            print(f"pyc2c annotate: error: cannot read '{ns.profile}': {e}", file=sys.stderr)
            return 2
    out = ns.out or os.path.splitext(ns.file)[0] + ".html"
    write_page(ns.file, out, data)
    print(f"pyc2c annotate: wrote {out}", file=sys.stderr)
    return 0
