"""The PEP 517 build backend (with PEP 660 editable installs) of projects that compile
modules with pyc2c:

    [build-system]
    requires = ["pyc2c", "setuptools", "wheel"]
    build-backend = "pyc2c.build_meta"

    [tool.pyc2c]
    modules = ["pkg/fast.py", "pkg/kernels/*.py"]

setuptools does the packaging (metadata from [project], package discovery and data,
tags, RECORD, sdist); this backend adds the extensions pyc2cify makes from
[tool.pyc2c] to the wheel and editable builds. An sdist holds the sources only. A
project with its own setup.py keeps it (and calls pyc2cify there)."""

import os
import sys

from setuptools import build_meta as _setuptools

from .config import ConfigError, read_pyproject
from .setuptools import CompileError, pyc2cify

# setup.py commands that build extensions; metadata and sdist commands do not
_BUILDING = {"bdist_wheel", "editable_wheel", "build_ext", "build", "install", "develop"}


def _extensions():
    cfg = read_pyproject(".")
    return pyc2cify(cfg["modules"], exclude=cfg["exclude"], opt_level=cfg["opt-level"],
                    strict=cfg["strict"], extra_cflags=cfg["extra-cflags"])


class _Backend(_setuptools._BuildMetaBackend):
    def run_setup(self, setup_script="setup.py"):
        if os.path.exists(setup_script):
            return super().run_setup(setup_script)
        from setuptools import setup
        building = _BUILDING.intersection(sys.argv[1:])
        exts = _extensions() if building else []
        if not building:
            read_pyproject(".")   # still report a broken [tool.pyc2c] early
        setup(ext_modules=exts)


def _reported(hook):
    """Our errors end the hook with their message, not a traceback."""
    def run(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except ConfigError as e:
            sys.stderr.write(f"pyc2c: error: {e}\n")
            raise SystemExit(1)
        except CompileError as e:   # pyc2c's own diagnostics, as printed
            sys.stderr.write(f"{e}\n")
            raise SystemExit(1)
    run.__name__ = hook.__name__
    return run


_BACKEND = _Backend()
get_requires_for_build_wheel = _reported(_BACKEND.get_requires_for_build_wheel)
get_requires_for_build_sdist = _reported(_BACKEND.get_requires_for_build_sdist)
prepare_metadata_for_build_wheel = _reported(_BACKEND.prepare_metadata_for_build_wheel)
build_wheel = _reported(_BACKEND.build_wheel)
build_sdist = _reported(_BACKEND.build_sdist)
get_requires_for_build_editable = _reported(_BACKEND.get_requires_for_build_editable)
prepare_metadata_for_build_editable = _reported(_BACKEND.prepare_metadata_for_build_editable)
build_editable = _reported(_BACKEND.build_editable)
