"""Measuring harness of run_leaks.py (not a workload): run under a debug interpreter as

    python3.11-dbg _measure.py MODDIR MODNAME WARMUP N

It imports MODNAME from MODDIR and, for each function named case_*, calls it WARMUP
times, then reads sys.gettotalrefcount() and sys.getallocatedblocks() before and after
each of three rounds of N calls. It prints one JSON object per function:
{"name", "result", "refs": [d1, d2, d3], "blocks": [d1, d2, d3]}, deltas net of what the
same measurement of a function that does nothing shows (the harness's own snapshots).
A leak grows every round by the same amount; a cache that fills up grows only the
first; the allocator's own bookkeeping (blocks, not references) can grow two rounds in
a row, seldom three.
"""

import gc
import importlib
import json
import sys


def outcome(fn):
    """The function's result as text; an exception that escapes it is caught here."""
    try:
        return repr(fn())
    except Exception as e:
        return "EXC %s: %s" % (type(e).__name__, e)


def call_n(fn, n):
    # No allocation that outlives a call: the loop only drops what fn returns or raises.
    for _ in range(n):
        try:
            fn()
        except Exception:
            pass


def snapshot():
    gc.collect()
    return sys.gettotalrefcount(), sys.getallocatedblocks()


def measure(fn, warmup, n):
    call_n(fn, warmup)
    snaps = [snapshot()]
    for _ in range(3):
        call_n(fn, n)
        snaps.append(snapshot())
    return ([b[0] - a[0] for a, b in zip(snaps, snaps[1:])],
            [b[1] - a[1] for a, b in zip(snaps, snaps[1:])])


def nothing():
    return None


def net(deltas, base):
    return [d - b for d, b in zip(deltas, base)]


def main():
    moddir, modname, warmup, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    sys.path.insert(0, moddir)
    mod = importlib.import_module(modname)
    base_refs, base_blocks = measure(nothing, warmup, n)
    names = [k for k, v in vars(mod).items() if k.startswith("case_") and callable(v)]
    for name in names:
        fn = getattr(mod, name)
        result = outcome(fn)
        refs, blocks = measure(fn, warmup, n)
        print(json.dumps({"name": name, "result": result, "refs": net(refs, base_refs),
                          "blocks": net(blocks, base_blocks)}),
              flush=True)


if __name__ == "__main__":
    main()
