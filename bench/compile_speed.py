"""Compile speed: a generated typed module of about 5,000 lines, built by each compiler.

pyc2c reports its own front-to-C time (PYC2C_TIMING=1); Cython's to-C time is its
`cython` step alone; mypyc has no separate to-C step here, only the whole build."""
import os
import re
import shutil
import subprocess
import time
from typing import Dict, Optional

import builders
import buildmem

TEMPLATE = '''
def f_{i}(n: int, x: float) -> float:
    total: float = 0.0
    acc = {i}
    for i in range(n):
        if i % 3 == 0:
            acc += i * {k}
        elif i % 3 == 1:
            acc -= i // 2
        else:
            acc ^= i
        total += x * i / (i + 1)
    while acc > 1000:
        acc //= 2
    return total + acc + {prev}
'''


def generate(path: str, functions: int = 340) -> int:
    parts = ['"""Generated for the compile-speed benchmark."""\n']
    for i in range(functions):
        prev = f"f_{i - 1}(n // 2, x)" if i else "0.0"
        parts.append(TEMPLATE.format(i=i, k=i % 7 + 2, prev=prev if i % 10 else "0.0"))
    text = "".join(parts)
    with open(path, "w") as f:
        f.write(text)
    return text.count("\n")


def _timed(cmd, cwd, env=None) -> Dict:
    load = os.getloadavg()[0]   # other work on the machine inflates wall time (and CPU)
    r = buildmem.run(cmd, cwd=cwd, env=env)
    if r["returncode"] != 0:
        return {"error": builders._first_error(r["output"])}
    return {"total": r["wall"], "cpu": r["cpu"], "peak_mb": r["peak_mb"], "stderr": r["output"],
            "load": (load + os.getloadavg()[0]) / 2}


def _c_lines(python: str, d: str) -> Optional[int]:
    """Lines of the C pyc2c generates for gen.py (--c-only)."""
    out = subprocess.run([os.path.join(builders.ROOT, "build", "pyc2c"), "gen.py", "--c-only", "-o", "c_only",
                          "--python", python], cwd=d, capture_output=True, text=True)
    path = os.path.join(d, out.stdout.strip())
    if out.returncode != 0 or not os.path.isfile(path):
        return None
    with open(path) as f:
        return sum(1 for _ in f)


def measure(python: str, workroot: str) -> Dict:
    results: Dict[str, Dict] = {}
    base = os.path.join(workroot, "compile_speed")
    lines = 0
    functions = 340
    for tool in ("pyc2c", "mypyc", "Cython"):
        d = os.path.join(base, tool)
        os.makedirs(d, exist_ok=True)
        lines = generate(os.path.join(d, "gen.py"), functions)
        if tool == "pyc2c":
            env = dict(os.environ, PYC2C_TIMING="1")
            r = _timed([os.path.join(builders.ROOT, "build", "pyc2c"), "gen.py", "--python", python], d, env)
            m = re.search(r"front-to-C: ([0-9.]+) s", r.get("stderr", ""))
            r["to_c"] = float(m.group(1)) if m else None
            r["c_lines"] = _c_lines(python, d)
        elif tool == "mypyc":
            r = _timed(["mypyc", "gen.py"], d) if shutil.which("mypyc") else {"error": "mypyc not installed"}
            r["to_c"] = None
        else:
            cmd = builders.cythonize_command(python)
            cython = shutil.which("cython") or shutil.which("cython3")
            if not cmd or not cython:
                r = {"error": "Cython not installed"}
            else:
                to_c = _timed([cython, "-3", "gen.py", "-o", "gen_only.c"], d)
                r = _timed(cmd + ["-i", "-3", "gen.py"], d)
                r["to_c"] = to_c.get("total")
        r.pop("stderr", None)
        results[tool] = r
    return {"lines": lines, "functions": functions, "results": results}
