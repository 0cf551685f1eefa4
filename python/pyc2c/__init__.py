"""pyc2c: an ahead-of-time compiler from type-annotated Python modules to CPython
extension modules. This package holds the compiler binary and its runtime (when
installed), the PEP 517 build backend (pyc2c.build_meta) and the setuptools helper
(pyc2c.setuptools.pyc2cify), and the tools `pyc2c hot` (profile, annotate, compile,
measure again) and `pyc2c annotate` (the HTML view of how a module compiled)."""

import os
import shutil

from ._version import __version__

_HERE = os.path.dirname(os.path.abspath(__file__))


def binary():
    """Path of the pyc2c compiler: the one installed inside this package, else the
    one built in the checkout this package lives in, else `pyc2c` on PATH."""
    for path in (
        os.environ.get("PYC2C"),
        os.path.join(_HERE, "bin", "pyc2c"),
        os.path.join(os.path.dirname(os.path.dirname(_HERE)), "build", "pyc2c"),
    ):
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    found = shutil.which("pyc2c")
    if found:
        return found
    raise FileNotFoundError(
        "the pyc2c compiler is not installed with this package and not on PATH "
        "(install pyc2c with pip or `make install`, or set PYC2C=/path/to/pyc2c)")
