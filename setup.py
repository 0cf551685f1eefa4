"""Builds pyc2c's wheel: `make` builds the compiler, then the package python/pyc2c is
laid out with the binary in pyc2c/bin/ and the runtime sources in pyc2c/runtime/,
where the binary looks for them (compiler/driver/install.c)."""

import glob
import os
import shutil
import subprocess

from setuptools import Distribution, find_packages, setup
from setuptools.command.build_py import build_py
from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithCompiler(build_py):
    def run(self):
        super().run()
        subprocess.run(["make", "-C", HERE, "build/pyc2c"], check=True)
        pkg = os.path.join(self.build_lib, "pyc2c")
        os.makedirs(os.path.join(pkg, "bin"), exist_ok=True)
        shutil.copy2(os.path.join(HERE, "build", "pyc2c"), os.path.join(pkg, "bin", "pyc2c"))
        rt = os.path.join(pkg, "runtime")
        shutil.rmtree(rt, ignore_errors=True)
        os.makedirs(rt)
        for pattern in ("*.c", "*.h", "*.def"):
            for f in glob.glob(os.path.join(HERE, "runtime", pattern)):
                shutil.copy2(f, rt)


class AnyPythonWheel(bdist_wheel):
    """The binary runs beside any Python 3: tag py3-none-PLATFORM."""

    def get_tag(self):
        return ("py3", "none", super().get_tag()[2])


class PlatformDistribution(Distribution):
    """The wheel holds a native binary: tag it for this platform."""

    def has_ext_modules(self):
        return True


setup(
    package_dir={"": "python"},
    packages=find_packages("python"),
    cmdclass={"build_py": BuildWithCompiler, "bdist_wheel": AnyPythonWheel},
    distclass=PlatformDistribution,
    options={"build": {"build_base": "build/setuptools"}},   # beside make's objects
)
