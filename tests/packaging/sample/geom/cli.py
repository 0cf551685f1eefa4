"""The geom-stats console script: statistics of the numbers on the command line."""

import sys

from . import stats, util


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    xs = [float(a) for a in args]
    scale = util.coefficients()["scale"]
    print(f"mean={stats.mean(xs):.3f} variance={stats.variance(xs):.3f} "
          f"median={stats.median(xs)} scaled-mean={stats.mean(xs) * scale:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
