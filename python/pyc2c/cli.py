"""The `pyc2c` console command of a pip install: runs the compiler binary that lives
inside the package (beside its runtime, where it finds it)."""

import os
import sys

from . import binary


def main():
    exe = binary()
    os.execv(exe, [exe, *sys.argv[1:]])


if __name__ == "__main__":
    main()
