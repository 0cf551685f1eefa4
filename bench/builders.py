"""Building one benchmark program with each compiler: pyc2c, mypyc, Cython.

Every builder copies the unchanged .py into its own directory and returns a Build:
the directory to import from (None when the build failed), the reason of a failure,
the build time split as the tool reports it, and the size of the built extension."""
import glob
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


@dataclass
class Build:
    directory: Optional[str]
    reason: str = ""
    seconds: float = 0.0
    parts: Dict[str, float] = field(default_factory=dict)
    size: int = 0
    kept: str = ""      # pyc2c: how much was kept as Python (from --report), "" when all native


def ext_suffix(python: str) -> str:
    out = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _fresh(workdir: str, program: str) -> str:
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    shutil.copy(program, workdir)
    return os.path.join(workdir, os.path.basename(program))


def _first_error(text: str) -> str:
    for line in text.splitlines():
        if "error" in line.lower():
            return line.strip()
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1].strip() if lines else "failed"


def _finish(workdir: str, name: str, suffix: str, t0: float, proc: subprocess.CompletedProcess) -> Build:
    elapsed = time.perf_counter() - t0
    built = glob.glob(os.path.join(workdir, name + suffix))
    if proc.returncode != 0 or not built:
        reason = _first_error(proc.stderr + proc.stdout).replace(workdir + os.sep, "")
        return Build(None, reason.replace(": error: ", ": "), elapsed)
    os.remove(os.path.join(workdir, name + ".py"))   # import the extension, never the source
    return Build(workdir, seconds=elapsed, size=os.path.getsize(built[0]))


def build_pyc2c(program: str, workdir: str, python: str) -> Build:
    src = _fresh(workdir, program)
    name = os.path.basename(program)[:-3]
    env = dict(os.environ, PYC2C_TIMING="1")
    t0 = time.perf_counter()
    proc = subprocess.run([os.path.join(ROOT, "build", "pyc2c"), src, "--python", python, "--report"],
                          capture_output=True, text=True, env=env)
    b = _finish(workdir, name, ext_suffix(python), t0, proc)
    summary = re.search(r"(\d+) native, (\d+) kept as Python; (\d+) other", proc.stdout)
    if summary and (int(summary.group(2)) or int(summary.group(3))):
        b.kept = f"{summary.group(2)} defs + {summary.group(3)} stmts kept as Python"
    m = re.search(r"front-to-C: ([0-9.]+) s, cc: ([0-9.]+) s", proc.stderr)
    if m:
        b.parts = {"front-to-C": float(m.group(1)), "cc": float(m.group(2))}
    return b


def build_mypyc(program: str, workdir: str, python: str) -> Build:
    if not shutil.which("mypyc"):
        return Build(None, "mypyc not installed (apt-get install mypy)")
    src = _fresh(workdir, program)
    name = os.path.basename(program)[:-3]
    t0 = time.perf_counter()
    proc = subprocess.run(["mypyc", os.path.basename(src)], cwd=workdir, capture_output=True, text=True)
    b = _finish(workdir, name, ext_suffix(python), t0, proc)
    if b.directory:
        # mypyc puts its shared runtime beside the module: count it in the size
        for extra in glob.glob(os.path.join(workdir, "*__mypyc*" + ext_suffix(python))):
            b.size += os.path.getsize(extra)
    return b


def cythonize_command(python: str = "/usr/bin/python3") -> Optional[List[str]]:
    """`cythonize`, or Debian's Cython module run by the target interpreter."""
    for cmd in ("cythonize", "cythonize3"):
        if shutil.which(cmd):
            return [cmd]
    probe = subprocess.run([python, "-c", "import Cython.Build.Cythonize"], capture_output=True)
    return [python, "-m", "Cython.Build.Cythonize"] if probe.returncode == 0 else None


def build_cython(program: str, workdir: str, python: str) -> Build:
    cmd = cythonize_command(python)
    if not cmd:
        return Build(None, "Cython not installed (apt-get install cython3)")
    src = _fresh(workdir, program)
    name = os.path.basename(program)[:-3]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd + ["-i", "-3", os.path.basename(src)], cwd=workdir, capture_output=True, text=True)
    return _finish(workdir, name, ext_suffix(python), t0, proc)


def build_c(source: str, workdir: str) -> Build:
    os.makedirs(workdir, exist_ok=True)
    exe = os.path.join(workdir, os.path.basename(source)[:-2])
    t0 = time.perf_counter()
    proc = subprocess.run(["cc", "-O2", "-std=c11", "-o", exe, source, "-lm"], capture_output=True, text=True)
    if proc.returncode != 0:
        return Build(None, _first_error(proc.stderr), time.perf_counter() - t0)
    return Build(exe, seconds=time.perf_counter() - t0, size=os.path.getsize(exe))


BUILDERS = {"pyc2c": build_pyc2c, "mypyc": build_mypyc, "Cython": build_cython}
PYTHON_FOR_TOOLS = sys.executable
