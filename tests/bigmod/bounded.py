"""Shared by the tests/bigmod checks: a scratch directory that a timed-out step fails
cleanly in, a pyc2c run under an address-space cap (a regression fails instead of
exhausting the machine), the front end's memory and C checked linear in a generated
function's size, and a whole build whose import must print what CPython prints."""

import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile


@contextlib.contextmanager
def work_dir(prefix):
    """A scratch directory, removed afterwards; a step that ran past its timeout exits
    with FAIL naming the command."""
    work = tempfile.mkdtemp(prefix=prefix)
    try:
        yield work
    except subprocess.TimeoutExpired as e:
        sys.exit(f"FAIL: {' '.join(e.cmd)} ran past {e.timeout} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def capped_run(cmd, as_limit, what):
    """(peak RSS in MB, CPU seconds) of cmd run with RLIMIT_AS at as_limit bytes; exits
    with FAIL and its stderr when it fails."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (as_limit, as_limit))
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit)
    _, status, ru = os.wait4(p.pid, 0)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"FAIL: {what} exited {code} (address space capped at {as_limit >> 20} MB):\n{err[:2000]}")
    return ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime


def c_only(pyc2c, work, name, source, as_limit, what):
    """(peak RSS in MB, bytes of C) of `pyc2c --c-only` on source written as work/name.py."""
    src = os.path.join(work, name + ".py")
    with open(src, "w") as f:
        f.write(source)
    mb, cpu = capped_run([pyc2c, "--c-only", src, "-o", work], as_limit, f"pyc2c --c-only on {what}")
    c_bytes = os.path.getsize(os.path.join(work, name + ".c"))
    print(f"{what}: front end {cpu:.2f} s CPU, peak {mb:.0f} MB, {c_bytes} bytes of C")
    return mb, c_bytes


def check_linear(pyc2c, work, generate, sizes, max_mb, as_limit, unit):
    """The front end on generate(n) for the two sizes (the second 4x the first): peak
    memory under max_mb, memory and C under 6x the first size's; exits with FAIL."""
    (small_n, small_mb, small_c), (big_n, big_mb, big_c) = [
        (n,) + c_only(pyc2c, work, f"{unit}_{n}", generate(n), as_limit, f"{n} {unit}") for n in sizes]
    if big_mb > max_mb:
        sys.exit(f"FAIL: peak {big_mb:.0f} MB over {max_mb:.0f} MB")
    if big_mb > 6 * small_mb:
        sys.exit(f"FAIL: memory grows faster than the function: {small_mb:.0f} MB at "
                 f"{small_n} {unit}, {big_mb:.0f} MB at {big_n}")
    if big_c > 6 * small_c:
        sys.exit(f"FAIL: the C grows faster than the function: {small_c} bytes at "
                 f"{small_n} {unit}, {big_c} at {big_n}")


def build_matches_cpython(pyc2c, python, work, module, source, as_limit):
    """Compiles source as module (in work/src -> work/ext), imports both; their output must
    be equal and not empty. Returns the compiled run's stdout."""
    src_dir, ext_dir = os.path.join(work, "src"), os.path.join(work, "ext")
    os.makedirs(src_dir)
    os.makedirs(ext_dir)
    src = os.path.join(src_dir, module + ".py")
    with open(src, "w") as f:
        f.write(source)
    env = dict(os.environ, PYC2C_CACHE_DIR=os.path.join(work, "cache"))
    proc = subprocess.run([pyc2c, src, "-o", ext_dir, "--python", python], env=env,
                          capture_output=True, text=True, timeout=600,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (as_limit, as_limit)))
    if proc.returncode != 0:
        sys.exit(f"FAIL: pyc2c exited {proc.returncode}:\n{proc.stderr[:2000]}")
    run = lambda d: subprocess.run([python, "-c", "import " + module], cwd=d,
                                   capture_output=True, text=True, timeout=120)
    want, got = run(src_dir), run(ext_dir)
    if want.stdout != got.stdout or want.returncode != got.returncode or not want.stdout:
        sys.exit(f"FAIL: compiled module differs\n--- CPython:\n{want.stdout}{want.stderr}"
                 f"\n--- compiled:\n{got.stdout}{got.stderr}")
    return got.stdout
