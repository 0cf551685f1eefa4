"""Times one benchmark module in this process:
`python worker.py DIR MODULE N REPS [ENTRY [MIN_SECONDS]]`.

Imports MODULE from DIR only (first on sys.path), checks where it came from, runs one
warm-up call of bench(N) and REPS timed calls (more, until the timed calls add up to
MIN_SECONDS of CPU: a 2 ms program needs many calls for a stable median), and prints one
JSON line:
{"checksum": ..., "times": [...], "file": ...}. Times are the process's CPU time
(time.process_time): on a shared machine the wall clock also counts other work."""
import importlib
import json
import sys
import time


def main() -> None:
    directory, name, n, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    entry = sys.argv[5] if len(sys.argv) > 5 else "bench"   # bench/user programs: main
    min_seconds = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
    sys.path.insert(0, directory)
    mod = importlib.import_module(name)
    checksum = getattr(mod, entry)(n)  # warm-up
    times = []
    while len(times) < reps or (sum(times) < min_seconds and len(times) < 1000):
        t0 = time.process_time()
        c = getattr(mod, entry)(n)
        times.append(time.process_time() - t0)
        if c != checksum:
            checksum = f"unstable: {checksum} then {c}"
    print(json.dumps({"checksum": str(checksum), "times": times, "file": getattr(mod, "__file__", "?")}))


if __name__ == "__main__":
    main()
