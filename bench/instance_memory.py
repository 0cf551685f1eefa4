"""Instance memory of a Point(x, y, z: float) (issue 6): CPython with and without
__slots__, pyc2c and mypyc, on the same interpreter.

    python3 bench/instance_memory.py [--python /usr/bin/python3] [-n 100000]

For each variant: sys.getsizeof of one instance, the bytes of the float objects and
__dict__ it holds, and the bytes tracemalloc sees per instance when n of them are
made (the list's pointer included)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import builders

HERE = os.path.dirname(os.path.abspath(__file__))
PLAIN = os.path.join(HERE, "memory", "point.py")
SLOTS = os.path.join(HERE, "memory", "point_slots.py")

MEASURE = r"""
import json, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
mod = __import__(sys.argv[2])
n = int(sys.argv[3])
p = mod.Point(1.5, 2.5, 3.5)
has_dict = hasattr(p, "__dict__")
held = sys.getsizeof(p.__dict__) if has_dict else 0
# float objects the instance holds (none when its fields are unboxed)
if has_dict or type(getattr(type(p), "x", None)).__name__ == "member_descriptor":
    held += sum(sys.getsizeof(getattr(p, k)) for k in "xyz")
tracemalloc.start()
ps = mod.make(n)
per = tracemalloc.get_traced_memory()[0] / n
tracemalloc.stop()
print(json.dumps({"getsizeof": sys.getsizeof(p), "held": held, "per_instance": round(per, 1)}))
"""


def measure(python: str, directory: str, module: str, n: int) -> dict:
    out = subprocess.run([python, "-c", MEASURE, directory, module, str(n)], capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("-n", type=int, default=100000)
    args = ap.parse_args()
    rows = [("CPython", HERE + "/memory", "point"), ("CPython __slots__", HERE + "/memory", "point_slots")]
    with tempfile.TemporaryDirectory() as tmp:
        for label, build in (("pyc2c", builders.build_pyc2c), ("mypyc", builders.build_mypyc)):
            b = build(PLAIN, os.path.join(tmp, label), args.python)
            rows.append((label, b.directory, "point") if b.directory else (label + f" ({b.reason})", None, None))
        print("| variant | sys.getsizeof | floats/dict held | bytes per instance (tracemalloc) |")
        print("|---|---|---|---|")
        for label, directory, module in rows:
            r = measure(args.python, directory, module, args.n) if directory else {"error": "not built"}
            if "error" in r:
                print(f"| {label} | {r['error']} | | |")
            else:
                print(f"| {label} | {r['getsizeof']} | {r['held']} | {r['per_instance']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
