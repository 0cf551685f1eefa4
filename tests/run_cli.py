#!/usr/bin/env python3
"""Hostile and odd input to the pyc2c command line: CPython's verdict on the source, exit
status 1 for diagnostics and 2 for usage, no partial output, no stray processes or
temporary files after a signal.

    python3 tests/run_cli.py --pyc2c build/pyc2c [-k SUBSTRING]

Each check prints PASS/FAIL NAME; the summary line is `N passed, N failed`.
"""
import argparse
import atexit
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


class Ctx:
    def __init__(self, pyc2c, tmp):
        self.pyc2c, self.tmp = pyc2c, tmp

    def write(self, name, data: bytes):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def run(self, *args, env=None, timeout=300):
        return subprocess.run([self.pyc2c, *args], cwd=self.tmp, capture_output=True, text=True,
                              errors="replace", env=env, timeout=timeout)

    def built(self, stem):
        return glob.glob(os.path.join(self.tmp, stem + ".*.so")) + glob.glob(os.path.join(self.tmp, stem + ".so"))

    def py(self, code):
        """Runs code in a fresh python3 importing from tmp (compiled module if built)."""
        return subprocess.run([sys.executable, "-c", code], cwd=self.tmp, capture_output=True, text=True,
                              timeout=120)


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def refused(c, name, data, message):
    path = c.write(name + ".py", data)
    r = c.run(path)
    expect(r.returncode == 1, f"exit {r.returncode}, stderr: {r.stderr}")
    expect(message in r.stderr, f"no '{message}' in: {r.stderr}")
    expect(not c.built(name), "an extension was written")


@check
def dump_ir_unknown_pass_is_a_usage_error(c):
    path = c.write("ok1.py", b"x = 1\n")
    r = c.run("--dump-ir=bogus", path)
    expect(r.returncode == 2 and "unknown pass 'bogus'" in r.stderr and "usage:" in r.stderr, r.stderr)


@check
def missing_python_is_a_usage_error(c):
    path = c.write("ok2.py", b"x = 1\n")
    r = c.run("--python", "/nonexistent/python3", path)
    expect(r.returncode == 2 and "usage:" in r.stderr, f"{r.returncode} {r.stderr}")


@check
def invalid_utf8_in_a_string_is_refused(c):
    refused(c, "bad_utf8", b's = "caf\xe9"\n',
            "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 3: unexpected end of data")


@check
def invalid_utf8_in_a_name_is_refused(c):
    refused(c, "bad_name", b"caf\xe9 = 1\n", "can't decode byte 0xe9 in position 3")


@check
def unknown_coding_cookie_is_refused(c):
    refused(c, "bad_cookie", b"# coding: no-such-codec\nx = 1\n", "unknown encoding: no-such-codec")


@check
def nul_byte_is_refused(c):
    refused(c, "nul", b"x = 1\x00\n", "source code string cannot contain null bytes")


@check
def fifteen_thousand_parentheses_no_crash(c):
    refused(c, "parens", b"x = " + b"(" * 15000 + b"1" + b")" * 15000 + b"\n", "too many nested parentheses")


@check
def latin1_cookie_and_invalid_utf8_comment_build_like_cpython(c):
    c.write("lat.py", b"# -*- coding: latin-1 -*-\n# caf\xe9 in a comment\nS = 'caf\xe9'\n"
                      b"def f() -> str:\n    return S + '!'\n")
    expected = c.py("import lat; print(ascii(lat.f()))")
    r = c.run("lat.py")
    expect(r.returncode == 0 and c.built("lat"), r.stderr)
    os.rename(os.path.join(c.tmp, "lat.py"), os.path.join(c.tmp, "lat.py.src"))
    got = c.py("import lat; print(ascii(lat.f()), lat.__file__.endswith('.so'))")
    expect(got.stdout == expected.stdout.strip() + " True\n", f"{got.stdout!r} {got.stderr} vs {expected.stdout!r}")


@check
def non_ascii_module_names_build_and_import(c):
    """PEP 489: the init function of a non-ASCII module is PyInitU_ + punycode."""
    names = ["héllo", "日本語", "ñandú_2", "Ωmega", "aé"]
    for n in names:
        c.write(n + ".py", "def fé(x: int) -> int:\n    return x + 1\nclass Ç:\n    v: int = 3\n".encode())
        r = c.run(n + ".py")
        expect(r.returncode == 0 and c.built(n), f"{n}: {r.returncode} {r.stderr}")
    code = ("import importlib\n"
            f"for n in {names!r}:\n"
            "    m = importlib.import_module(n)\n"
            "    assert m.__file__.endswith('.so'), m.__file__\n"
            "    print(n, m.fé(2), m.Ç.v)\n")
    r = c.py(code)
    expect(r.returncode == 0, r.stderr)
    expect(r.stdout.split("\n")[:-1] == [f"{n} 3 3" for n in names], r.stdout)


def installed_pythons():
    """The CPython 3.9 .. 3.13 interpreters on this machine (pyenv's), else python3."""
    root = os.path.expanduser("~/.pyenv/versions")
    found = sorted(glob.glob(os.path.join(root, "3.1[0-3].*/bin/python3")) + glob.glob(os.path.join(root, "3.9.*/bin/python3")))
    return found or [sys.executable]


@check
def limits_follow_the_target_version(c):
    """front/limits.c: each limit's verdict and wording are those of the --python version,
    checked against that interpreter's own compile() of the same source."""
    sources = {"neg3000": "x = " + "-" * 3000 + "1\n", "neg7000": "x = " + "-" * 7000 + "1\n",
               "attr5000": "x = y" + ".a" * 5000 + "\n",
               "and20000": "x = " + " and ".join(["y"] * 20000) + "\n",
               "or_and4000": "x = " + " or ".join(["y and z"] * 4000) + "\n",
               "plus3000": "x = " + " + ".join(["y"] * 3000) + "\n",
               "blocks": "def f():\n" + "".join("    " * (i + 1) + "for x in y:\n" for i in range(21)) + "    " * 22 + "pass\n",
               "digits4300": "x = " + "9" * 4300 + "\n", "digits4301": "x = (\n  " + "9" * 4301 + ")\n"}
    probe = ("import sys\ntry:\n    compile(open(sys.argv[1]).read(), 'x.py', 'exec'); print('ok')\n"
             "except MemoryError as e: print('MemoryError', e)\nexcept Exception as e: print(type(e).__name__, getattr(e, 'msg', str(e)))\n")
    wording = {"MemoryError Parser stack overflowed - Python source too complex to parse":
               "Parser stack overflowed - Python source too complex to parse",
               "MemoryError": "source too complex to parse (CPython raises MemoryError)",
               "RecursionError": "maximum recursion depth exceeded during compilation",
               "SyntaxError too many statically nested blocks": "too many statically nested blocks"}
    for py in installed_pythons():
        for name, src in sources.items():
            path = c.write(name + ".py", src.encode())
            verdict = subprocess.run([py, "-c", probe, path], capture_output=True, text=True).stdout.strip()
            r = c.run("--python", py, "--no-cc", path)
            if verdict == "ok":
                expect(r.returncode == 0, f"{py} {name}: CPython compiles it, pyc2c: {r.stderr[:300]}")
                continue
            key = next((k for k in wording if verdict.startswith(k)), None)
            if key is None and verdict.startswith("SyntaxError "):   # the same words
                key = verdict
                wording[key] = verdict[len("SyntaxError "):]
            expect(key is not None, f"{py} {name}: unexpected CPython verdict {verdict}")
            expect(r.returncode == 1 and wording[key] in r.stderr,
                   f"{py} {name}: CPython says {verdict!r}, pyc2c: {r.returncode} {r.stderr[:300]}")


@check
def empty_file_builds(c):
    c.write("empty.py", b"")
    r = c.run("empty.py")
    expect(r.returncode == 0 and c.built("empty"), r.stderr)


def fake_cc(c):
    """A C compiler that starts a grandchild and then hangs, recording both pids."""
    return c.write("slowcc.sh", b"#!/bin/sh\nsleep 300 &\necho $! > \"$PIDS/grandchild\"\n"
                                 b"echo $$ > \"$PIDS/cc\"\nwait\n")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:   # it may exit and be reaped between the two looks
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@check
def sigterm_during_cc_kills_its_process_group_and_cleans_up(c):
    for sig in (signal.SIGTERM, signal.SIGINT):
        cc = fake_cc(c)
        os.chmod(cc, 0o755)
        pids = tempfile.mkdtemp(dir=c.tmp)
        tmpdir = tempfile.mkdtemp(dir=c.tmp)
        path = c.write("sig.py", b"x = 1\n")
        env = dict(os.environ, CC=cc, PIDS=pids, TMPDIR=tmpdir, PYC2C_CACHE_DIR=os.path.join(c.tmp, "cache"))
        p = subprocess.Popen([c.pyc2c, path], cwd=c.tmp, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while not os.path.exists(os.path.join(pids, "cc")) and time.time() < deadline:
            time.sleep(0.05)
        expect(os.path.exists(os.path.join(pids, "cc")), "the fake cc never ran")
        time.sleep(0.2)
        p.send_signal(sig)
        rc = p.wait(timeout=60)
        expect(rc == -sig, f"pyc2c exited {rc} after {sig.name}")
        time.sleep(0.2)
        for who in ("cc", "grandchild"):
            with open(os.path.join(pids, who)) as f:
                pid = int(f.read())
            expect(not alive(pid), f"{who} ({pid}) survived {sig.name}")
        expect(os.listdir(tmpdir) == [], f"left behind: {os.listdir(tmpdir)}")
        expect(not c.built("sig"), "an extension was written")


def wait_for(path, seconds):
    deadline = time.time() + seconds
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.05)
    expect(os.path.exists(path), f"{path} never appeared")


@check
def sigkill_during_cc_leaves_no_orphans_and_the_next_run_cleans_up(c):
    """SIGKILL cannot be caught: the cc group's watcher (driver/child.c) learns of pyc2c's
    death from the kernel; a batch's workers die with it too. The temporary directory left
    behind names the dead pid, and the next build removes it (driver/tempdir.c)."""
    for batch in (False, True):
        cc = c.write("slowcc2.sh", b"#!/bin/sh\ncase \"$1\" in --version) exec cc --version;; esac\n"
                                  b"sleep 300 &\necho $! > \"$PIDS/grandchild\"\necho $$ > \"$PIDS/cc\"\nwait\n")
        os.chmod(cc, 0o755)
        pids = tempfile.mkdtemp(dir=c.tmp)
        tmpdir = tempfile.mkdtemp(dir=c.tmp)
        srcs = [c.write("kill.py", b"x = 1\n")] + ([c.write("kill2.py", b"y = 2\n")] if batch else [])
        env = dict(os.environ, CC=cc, PIDS=pids, TMPDIR=tmpdir, PYC2C_CACHE_DIR=os.path.join(c.tmp, "cache3"))
        p = subprocess.Popen([c.pyc2c, *srcs], cwd=c.tmp, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        wait_for(os.path.join(pids, "grandchild"), 120)
        time.sleep(0.2)
        p.kill()
        p.wait(timeout=60)
        deadline = time.time() + 10
        pids_seen = {}
        for who in ("cc", "grandchild"):
            with open(os.path.join(pids, who)) as f:
                pids_seen[who] = int(f.read())
        while any(alive(pid) for pid in pids_seen.values()) and time.time() < deadline:
            time.sleep(0.05)
        for who, pid in pids_seen.items():
            expect(not alive(pid), f"{who} ({pid}) survived SIGKILL of pyc2c (batch={batch})")
        expect(os.listdir(tmpdir), "nothing left to clean up: the check proves nothing")
        cache = os.path.join(c.tmp, "cache3")
        def rt_building():   # the runtime archive the killed run was building (a fresh cache)
            return [n for n in os.listdir(cache) if n.startswith("rt-") and ".tmp-" in n]
        expect(batch or rt_building(), "no runtime archive was being built: the check proves nothing")
        ok = c.write("after.py", b"z = 3\n")
        r = c.run(ok, env=dict(os.environ, TMPDIR=tmpdir, PYC2C_CACHE_DIR=cache))
        expect(r.returncode == 0, r.stderr)
        expect(os.listdir(tmpdir) == [], f"stale temporary files stayed: {os.listdir(tmpdir)}")
        expect(rt_building() == [], f"stale runtime archive builds stayed: {rt_building()}")


@check
def runaway_cc_is_capped(c):
    path = c.write("capped.py", b"def f(x: int) -> int:\n    return x + 1\n")
    env = dict(os.environ, PYC2C_CC_MEMORY_MB="40", PYC2C_CACHE_DIR=os.path.join(c.tmp, "cache2"))
    r = c.run(path, env=env)
    expect(r.returncode == 1 and not c.built("capped"), f"{r.returncode} {r.stderr}")


# ---- the precompiled runtime header (compiler/driver/pch.c) ----

WARM = {}


def warm_cache(c, name="cache"):
    """A fresh cache dir in c.tmp holding only the runtime archive, built once per run."""
    if "dir" not in WARM:
        d = tempfile.mkdtemp(prefix="pyc2c-cli-rt-")
        atexit.register(shutil.rmtree, d, True)
        with open(os.path.join(d, "w.py"), "w") as f:
            f.write("def w(x: int) -> int:\n    return x\n")
        env = dict(os.environ, PYC2C_CACHE_DIR=os.path.join(d, "cache"), PYC2C_NO_PCH="1")
        r = subprocess.run([c.pyc2c, "w.py"], cwd=d, env=env, capture_output=True, text=True, timeout=600)
        expect(r.returncode == 0, r.stderr)
        WARM["dir"] = os.path.join(d, "cache")
    dst = os.path.join(c.tmp, name)
    os.makedirs(dst)
    for n in os.listdir(WARM["dir"]):
        if n.startswith(("rt-", "py-")) and ".tmp-" not in n:
            copy = shutil.copytree if os.path.isdir(os.path.join(WARM["dir"], n)) else shutil.copy2
            copy(os.path.join(WARM["dir"], n), os.path.join(dst, n))
    return dst


def pch_dirs(cache):
    return sorted(n for n in os.listdir(cache) if n.startswith("pch-"))


def small_module(c, stem, k=1):
    return c.write(stem + ".py", f"def f(x: int) -> int:\n    return x * {k} + 1\n".encode())


def build_and_call(c, stem, env, k=1):
    path = small_module(c, stem, k)
    r = c.run(path, env=env)
    expect(r.returncode == 0 and c.built(stem), f"{r.returncode} {r.stderr}")
    p = c.py(f"import {stem}; assert {stem}.__file__.endswith('.so'); print({stem}.f(20))")
    expect(p.stdout.strip() == str(20 * k + 1), p.stdout + p.stderr)
    return r


def gch_of(cache):
    (d,) = pch_dirs(cache)
    return os.path.join(cache, d, "pyc2c.h.gch")


@check
def pch_is_made_once_listed_and_kept(c):
    cache = warm_cache(c)
    env = dict(os.environ, PYC2C_CACHE_DIR=cache)
    build_and_call(c, "pa", env, 2)
    gch = gch_of(cache)
    with open(os.path.join(os.path.dirname(gch), "manifest")) as f:
        manifest = f.read().splitlines()
    expect(manifest[0] == "pyc2c-pch 1" and manifest[1].endswith(" pyc2c.h.gch"), manifest[:2])
    headers = [line.split(" ", 3)[3] for line in manifest[2:]]
    expect(any(h.endswith("/runtime/pyc2c.h") for h in headers), headers[:5])
    expect(any(h.endswith("/Python.h") for h in headers), headers[:5])
    expect(not any(h.endswith("pyc2c_parts.h") for h in headers), "the parts header is precompiled")
    before = os.stat(gch)
    build_and_call(c, "pb", env, 3)
    after = os.stat(gch)
    expect(len(pch_dirs(cache)) == 1, pch_dirs(cache))
    expect((before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns), "the .gch was rebuilt")
    info = c.run("cache", "info", env=env)
    expect("precompiled headers:     1" in info.stdout, info.stdout)
    clean = c.run("cache", "clean", env=env)
    expect(clean.returncode == 0 and not pch_dirs(cache), clean.stdout + str(pch_dirs(cache)))


@check
def pch_is_read_by_gcc_for_modules_and_parts(c):
    env = dict(os.environ, PYC2C_CACHE_DIR=os.path.join(c.tmp, "cache"), CC="gcc -H")
    r = build_and_call(c, "ha", env)
    used = [line for line in r.stderr.splitlines() if line.startswith("! ") and "/pch-" in line]
    expect(len(used) == 1 and used[0].endswith("/pyc2c.h.gch"), r.stderr[-3000:])
    r = build_and_call(c, "hb", dict(env, PYC2C_PARTS="2"))
    used = [line for line in r.stderr.splitlines() if line.startswith("! ") and "/pch-" in line]
    expect(len(used) == 2, f"{len(used)} parts used the .gch: {r.stderr[-3000:]}")
    r = build_and_call(c, "hc", dict(env, PYC2C_NO_PCH="1"))
    read = [line for line in r.stderr.splitlines() if line.startswith(". ") and line.endswith("/runtime/pyc2c.h")]
    expect(len(read) == 1, r.stderr[-2000:])
    expect("! " not in r.stderr, "PYC2C_NO_PCH still used a .gch")


@check
def stale_or_truncated_pch_is_rebuilt_not_used(c):
    cache = warm_cache(c)
    env = dict(os.environ, PYC2C_CACHE_DIR=cache)
    build_and_call(c, "sa", env)
    gch = gch_of(cache)
    manifest = os.path.join(os.path.dirname(gch), "manifest")
    with open(manifest) as f:
        lines = f.read().splitlines()
    size, sec, nsec, path = lines[3].split(" ", 3)   # a header changed since: its mtime differs
    lines[3] = " ".join([size, str(int(sec) - 1), nsec, path])
    with open(manifest, "w") as f:
        f.write("\n".join(lines) + "\n")
    old = os.stat(gch).st_ino
    build_and_call(c, "sb", env, 2)
    expect(os.stat(gch_of(cache)).st_ino != old, "a .gch of changed headers was kept")
    with open(gch_of(cache), "r+b") as f:   # GCC stops with a fatal error on a truncated .gch
        f.truncate(4_000_000)
    build_and_call(c, "sc", env, 3)
    expect(os.path.getsize(gch_of(cache)) > 4_000_000, "the truncated .gch was kept")
    expect(not [n for n in os.listdir(cache) if ".tmp-" in n], os.listdir(cache))


@check
def foreign_pch_is_ignored_by_gcc(c):
    cache = warm_cache(c)
    env = dict(os.environ, PYC2C_CACHE_DIR=cache)
    build_and_call(c, "fa", env)
    gch = gch_of(cache)
    with open(gch, "wb") as f:   # not a PCH at all, its manifest line made to match
        f.write(os.urandom(100_000))
    st = os.stat(gch)
    manifest = os.path.join(os.path.dirname(gch), "manifest")
    with open(manifest) as f:
        lines = f.read().splitlines()
    lines[1] = f"{st.st_size} {st.st_mtime_ns // 10**9} {st.st_mtime_ns % 10**9} pyc2c.h.gch"
    with open(manifest, "w") as f:
        f.write("\n".join(lines) + "\n")
    build_and_call(c, "fb", env, 5)   # GCC looks past it to runtime/pyc2c.h
    expect(os.path.getsize(gch) == 100_000, "the manifest did not let the build reach the foreign .gch")


@check
def builds_without_a_writable_cache_make_no_pch(c):
    blocker = c.write("blocker", b"a file where the cache's parent would be")
    env = dict(os.environ, PYC2C_CACHE_DIR=os.path.join(blocker, "cache"))
    build_and_call(c, "na", env, 4)
    expect(not glob.glob(os.path.join(c.tmp, "**", "*.gch"), recursive=True), "a .gch was written")


@check
def parallel_builds_share_one_pch(c):
    cache = warm_cache(c)
    env = dict(os.environ, PYC2C_CACHE_DIR=cache)
    paths = [small_module(c, f"par{i}", i + 1) for i in range(4)]
    procs = [subprocess.Popen([c.pyc2c, p], cwd=c.tmp, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for p in paths]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    expect(all(p.returncode == 0 for p in procs), outs)
    for i in range(4):
        p = c.py(f"import par{i}; print(par{i}.f(20))")
        expect(p.stdout.strip() == str(20 * (i + 1) + 1), p.stdout + p.stderr)
    expect(len(pch_dirs(cache)) == 1, os.listdir(cache))
    expect(not [n for n in os.listdir(cache) if ".tmp-" in n], os.listdir(cache))


def module_body_signature(c, stem, source):
    c.write(stem + ".py", source.encode())
    r = c.run(stem + ".py", "--c-only", "-o", "c_" + stem)
    expect(r.returncode == 0, r.stderr)
    with open(os.path.join(c.tmp, "c_" + stem, stem + ".c")) as f:
        text = f.read()
    defs = [line for line in text.splitlines() if line.endswith("char pyc2c_module_body(void)")]
    expect(len(defs) == 1, f"{stem}: module body definitions {defs}")
    return defs[0]


@check
def module_body_without_loops_is_compiled_as_run_once(c):
    """A module body runs once per import: without a loop (no interrupt check) it is
    PYC2C_RUN_ONCE (cold, -O0 under GCC); with one it keeps the module's level; a long
    body's chunk dispatcher is run-once whatever its chunks hold."""
    straight = "x: int = 3\ny = [x * 2, x + 1]\ntry:\n    z = y[5]\nexcept IndexError:\n    z = -1\nprint(x, y, z)\n"
    looping = {"for_loop": "t = 0\nfor i in range(10):\n    t += i\nprint(t)\n",
               "while_loop": "t = 0\nwhile t < 5:\n    t += 1\nprint(t)\n",
               "comp": "t = [i * 2 for i in range(5)]\nprint(t)\n"}
    long_body = "".join(f"x{i} = {i} * 3 + {i}\n" for i in range(400)) + "t = 0\nfor i in range(3):\n    t += i\n"
    expect(module_body_signature(c, "straight", straight).startswith("PYC2C_RUN_ONCE "), "straight body not run-once")
    for stem, src in looping.items():
        expect(not module_body_signature(c, stem, src).startswith("PYC2C_RUN_ONCE"), f"{stem} body is run-once")
    expect(module_body_signature(c, "long_body", long_body).startswith("PYC2C_RUN_ONCE "),
           "chunk dispatcher not run-once")
    for stem, src, out in (("straight", straight, "3 [6, 4] -1"), ("while_loop", looping["while_loop"], "5")):
        r = c.run(stem + ".py")
        expect(r.returncode == 0 and c.built(stem), r.stderr)
        p = c.py(f"import {stem}")
        expect(p.returncode == 0 and p.stdout.strip() == out, p.stdout + p.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", required=True)
    ap.add_argument("-k", default="")
    a = ap.parse_args()
    pyc2c = os.path.abspath(a.pyc2c)
    passed = failed = 0
    for fn in CHECKS:
        if a.k not in fn.__name__:
            continue
        with tempfile.TemporaryDirectory(prefix="pyc2c-cli-") as tmp:
            try:
                fn(Ctx(pyc2c, tmp))
                print("PASS", fn.__name__)
                passed += 1
            except Exception as e:  # noqa: BLE001 - every failure is reported
                print("FAIL", fn.__name__)
                print("  ", repr(e)[:2000])
                failed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
