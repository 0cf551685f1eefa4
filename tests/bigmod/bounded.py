"""Shared by check_displays.py and check_locals.py: a pyc2c run under an address-space
cap (a regression fails instead of exhausting the machine), and a whole build whose
import must print what CPython prints."""

import os
import resource
import subprocess
import sys


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
