"""`python -m pyc2c hot|annotate ...`: what `pyc2c hot` and `pyc2c annotate` run."""
import sys


def main(argv):
    if not argv or argv[0] not in ("hot", "annotate"):
        print("usage: python -m pyc2c hot|annotate ...", file=sys.stderr)
        return 2
    if argv[0] == "hot":
        from . import hot
        return hot.main(argv[1:])
    from . import annotate
    return annotate.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
