#!/usr/bin/env python3
"""Headers layer downward only: a compiler file includes headers of its own layer or
of layers below it, never above (DESIGN.md: a stage reads only earlier stages).

    base <- (prim, stdlib-shims) <- front <- sema <- ir <- pass <- emit <- driver <- main.c

Prints one line per upward include and exits 1 when there is any."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYERS = ["compiler/base", "compiler/prim", "stdlib-shims", "compiler/front", "compiler/sema",
          "compiler/ir", "compiler/pass", "compiler/emit", "compiler/driver", "compiler/main.c"]
# prim and the shims tables are one level: the shims' rows are primitives too
LEVEL = {"compiler/base": 0, "compiler/prim": 1, "stdlib-shims": 1, "compiler/front": 2,
         "compiler/sema": 3, "compiler/ir": 4, "compiler/pass": 5, "compiler/emit": 6,
         "compiler/driver": 7, "compiler/main.c": 8}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(path):
    rel = os.path.relpath(path, ROOT)
    for layer in LAYERS:
        if rel == layer or rel.startswith(layer + "/"):
            return layer
    return None


def sources():
    for layer in LAYERS:
        full = os.path.join(ROOT, layer)
        if os.path.isfile(full):
            yield full
            continue
        for name in sorted(os.listdir(full)):
            if name.endswith((".c", ".h", ".def")):
                yield os.path.join(full, name)


def main():
    bad = 0
    for src in sources():
        mine = layer_of(src)
        with open(src, encoding="utf-8") as f:
            text = f.read()
        for m in INCLUDE.finditer(text):
            target = os.path.normpath(os.path.join(os.path.dirname(src), m.group(1)))
            theirs = layer_of(target)
            if theirs and LEVEL[theirs] > LEVEL[mine]:
                line = text.count("\n", 0, m.start()) + 1
                print(f"{os.path.relpath(src, ROOT)}:{line}: includes {m.group(1)}: "
                      f"{theirs} is above {mine}")
                bad += 1
    print(f"layers: {bad} upward include(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
