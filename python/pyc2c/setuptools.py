"""pyc2cify: compile modules with pyc2c from a setup.py, as mypycify and cythonize do.

    from setuptools import setup
    from pyc2c.setuptools import pyc2cify
    setup(name="demo", packages=["demo"], ext_modules=pyc2cify(["demo/fast.py"]))

Each module is turned into C by `pyc2c --c-only` now (a module that does not compile
stops the build with pyc2c's diagnostics); the Extension objects returned compile that
C and link pyc2c's runtime archive, so setuptools' own build_ext builds, tags and
installs them like any other extension."""

import os
import subprocess
import sys

from setuptools import Extension

from . import binary
from .config import ConfigError, check, expand, module_name

# the generated C uses labels, helpers and parameters it may not need
_QUIET = ["-Wno-unused-parameter", "-Wno-unused-label", "-Wno-unused-function",
          "-Wno-unused-variable", "-fno-strict-aliasing"]


class CompileError(Exception):
    """pyc2c refused a module; the message holds its diagnostics."""


def _run(args):
    proc = subprocess.run([binary(), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise CompileError(proc.stderr.strip() or f"pyc2c {' '.join(args)} failed")
    if proc.stderr:
        sys.stderr.write(proc.stderr)
    return proc.stdout


def _common_args(python, opt_level):
    args = ["--python", python]
    if opt_level is not None:
        args.append(f"-O{opt_level}")
    return args


def runtime_lib(python=None, opt_level=None):
    """(archive, include dir) of pyc2c's runtime built for python."""
    out = _run(["runtime-lib", *_common_args(python or sys.executable, opt_level)])
    fields = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    return fields["archive"], fields["include"]


def pyc2cify(modules, *, exclude=(), opt_level=None, strict=False, extra_cflags=(),
             root=".", build_dir=os.path.join("build", "pyc2c"), python=None):
    """Extension objects for setup(ext_modules=...): one per .py file named by modules
    (files, directories searched recursively, or globs, relative to root), minus
    exclude. The C is generated into build_dir (below the project's root)."""
    cfg = check({"modules": list(modules), "exclude": list(exclude), "strict": strict,
                 "opt-level": opt_level, "extra-cflags": list(extra_cflags)},
                where="pyc2cify()")
    python = python or sys.executable
    archive, include = runtime_lib(python, opt_level)
    out_dir = os.path.join(root, build_dir)
    os.makedirs(out_dir, exist_ok=True)
    exts = []
    for path in expand(cfg["modules"], cfg["exclude"], root):
        args = ["build", os.path.normpath(os.path.join(root, path)), "--c-only", "-o", out_dir,
                *_common_args(python, opt_level)]
        if strict:
            args.append("--strict")
        c_file = _run(args).strip().splitlines()[-1]
        exts.append(Extension(
            module_name(path, root), sources=[os.path.relpath(c_file)],
            include_dirs=[include], extra_objects=[archive],
            extra_compile_args=[*_QUIET, *cfg["extra-cflags"]]))
    return exts


__all__ = ["pyc2cify", "runtime_lib", "CompileError", "ConfigError"]
