#!/usr/bin/env python3
"""Writes the module source of every case in tests/cases, tests/cases_typecheck and
tests/diag as one file each into OUT_DIR: the fuzzer's seed corpus.

    python3 tests/fuzz/seeds.py OUT_DIR
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def main() -> None:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    for suite in ("cases", "cases_typecheck", "diag"):
        d = os.path.join(ROOT, suite)
        for name in sorted(os.listdir(d)):
            if not name.endswith(".test"):
                continue
            with open(os.path.join(d, name), encoding="utf-8") as f:
                text = f.read()
            for m in re.finditer(r"^\[case (\S+)\]\n(.*?)(?=^\[)", text, re.S | re.M):
                src = m.group(2)
                if len(src) > 20000:
                    continue
                with open(os.path.join(out, f"{suite}-{m.group(1)}.py"), "w", encoding="utf-8") as g:
                    g.write(src)
                n += 1
    print(f"{n} seeds in {out}")


if __name__ == "__main__":
    main()
