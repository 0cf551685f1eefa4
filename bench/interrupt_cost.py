"""What the loop back-edge checks (runtime/interrupts.c) cost: every bench program built
twice by pyc2c, as usual and with CFLAGS=-DPYC2C_NO_INTERRUPT_CHECKS, timed alternately
in fresh processes (CPU time, medians of --reps runs each; bench/ab_cost.py does the
work, and takes its other options, such as --instructions).

    python3 bench/interrupt_cost.py [--pyc2c build/pyc2c] [--programs fib,nbody] [--reps 5] [--scale 1.0]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ab_cost  # noqa: E402


def main() -> None:
    args = sys.argv[1:]
    pyc2c = os.path.join(ab_cost.HERE, "..", "build", "pyc2c")
    if "--pyc2c" in args:
        k = args.index("--pyc2c")
        pyc2c = args[k + 1]
        del args[k:k + 2]
    sys.argv = [sys.argv[0], "--a", pyc2c, "--b", pyc2c,
                "--b-cflags", "-O2 -DPYC2C_NO_INTERRUPT_CHECKS"] + args
    ab_cost.main()


if __name__ == "__main__":
    main()
