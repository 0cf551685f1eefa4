"""Real code nobody here wrote: compiles pure-Python standard-library modules with pyc2c
into a directory that holds only the extensions, checks that importing each module
loads the .so, then runs CPython's own test file for it against the compiled module.

    python3 tests/run_stdlib.py --pyc2c build/pyc2c [--python PY] [--more] [MODULE ...]
    python3 tests/run_stdlib.py --pyc2c build/pyc2c --all-modules [-j N] [--skip-slow] [--opt=-O0]

Prints PASS/FAIL per module and a summary line `N passed, N failed`. --more runs the
longer list of CPython test files (MORE_MODULES); --all-modules instead builds every
top-level pure-Python module of the target stdlib and imports each from its extension
(the stdlib-wide check: every valid module builds and imports as its source does)."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

MODULES = ["colorsys", "bisect", "heapq", "textwrap", "shlex", "graphlib", "fractions", "string",
           "calendar", "base64", "difflib", "statistics", "types", "functools"]


# CPython's own test files, run against the compiled module (make test-stdlib-more). The
# test file is test_<module> unless named here.
MORE_MODULES = ["fnmatch", "quopri", "pprint", "ipaddress", "dataclasses", "enum", "typing", "json", "tomllib",
                "argparse", "configparser", "csv", "_pydecimal", "abc", "copy", "glob",
                "keyword", "numbers", "operator", "queue", "random", "sched", "stat",
                "struct", "uu", "weakref", "zipapp", "reprlib", "shutil", "genericpath",
                "getopt", "gettext", "netrc", "nturl2path", "opcode", "optparse", "posixpath",
                "secrets", "selectors", "tabnanny", "timeit", "tokenize", "traceback", "locale"]
TEST_OF = {"_pydecimal": "test_decimal", "numbers": "test_abstract_numbers", "genericpath": "test_genericpath", "nturl2path": "test_urllib",
           "opcode": "test_dis"}
# Tests of a module's test file that cannot pass against any compiled module, each with
# the reason (docs/architecture.md, "What compiled code does not do"); regrtest's -i
# leaves them out. Everything else in the file must pass.
FRAMES = ("compiled functions have no Python frames: sys._getframe(n) (typing._caller, "
          "traceback.extract_stack) sees another caller")
NOT_FUNCTION_TYPE = "a compiled function is not a types.FunctionType (dataclasses._set_qualname skips it)"
RUN_AS_MAIN = "`python -m MODULE` runs a module's code object; an extension module has none"
SOURCE_FILE = "reads the module's source through __file__, which is the extension"
KNOWN_DIFFERENCES = {
    "typing": [(t, FRAMES) for t in (
        "CollectionsCallableTests.test_pickle", "TypingCallableTests.test_pickle",
        "GenericTests.test_immutability_by_copy_and_pickle", "NamedTupleTests.test_copy_and_pickle",
        "NewTypeCTests.test_pickle", "NewTypeCTests.test_repr", "NewTypeCTests.test_special_attrs",
        "NewTypePythonTests.test_pickle", "NewTypePythonTests.test_repr",
        "NewTypePythonTests.test_special_attrs", "ProtocolTests.test_isinstance_checks_not_at_whim_of_gc",
        "ProtocolTests.test_none_treated_correctly",
        "ProtocolTests.test_protocol_decorated_with_final_mixed_members",
        "ProtocolTests.test_protocol_decorated_with_final_noncallable_members",
        "ProtocolTests.test_protocols_isinstance_monkeypatching",
        "ProtocolTests.test_protocols_isinstance_not_fooled_by_custom_dir",
        "ProtocolTests.test_protocols_isinstance_properties_and_descriptors",
        "ProtocolTests.test_protocols_isinstance_py36", "ProtocolTests.test_protocols_issubclass_non_callable",
        "ProtocolTests.test_protocols_support_register", "SpecialAttrsTests.test_special_attrs",
        "SpecialAttrsTests.test_special_attrs2",
        "TypeVarTuplePicklingTests.test_pickling_then_unpickling_tuple_with_typevartuple_equality",
        "TypeVarTuplePicklingTests.test_pickling_then_unpickling_results_in_same_identity",
        "TypeVarTuplePicklingTests.test_pickling_then_unpickling_unpacked_results_in_same_identity",
        "TypedDictTests.test_basics_functional_syntax", "TypedDictTests.test_basics_keywords_syntax",
        "TypedDictTests.test_pickle")],
    "dataclasses": [("TestCase.test_dataclasses_qualnames", NOT_FUNCTION_TYPE)],
    # enum's functional API names the module from sys._getframe(2) inside compiled code
    "enum": [("TestSpecial.test_pickle_enum_function", FRAMES)],
    "quopri": [("QuopriTestCase.test_scriptencode", RUN_AS_MAIN), ("QuopriTestCase.test_scriptdecode", RUN_AS_MAIN)],
    "argparse": [("TestEncoding.test_argparse_module_encoding", SOURCE_FILE)],
    "json": [("TestTool.*", RUN_AS_MAIN)],
    "traceback": [(t, FRAMES) for t in (
        "MiscTracebackCases.test_extract_stack", "TestStack.test_custom_format_frame",
        "TestStack.test_format_locals", "TracebackFormatTests.test_format_stack",
        "TracebackFormatTests.test_print_stack")],
}

# Top-level modules the import check builds but does not import: importing them acts (a
# browser, a print), or the interpreter imports them itself before it reads the path, so
# no extension can be what `import` finds (zipimport: importlib installs its path hook
# at startup from the frozen or source module).
NO_IMPORT = {"antigravity", "this", "__phello__", "__hello__", "zipimport"}


def query(python, expr):
    return subprocess.run([python, "-c", f"import sysconfig; print({expr})"], capture_output=True,
                          text=True, check=True).stdout.strip()


def module_names(name, stdlib):
    """name and, for a package (a directory of the stdlib), its submodules."""
    pkg = os.path.join(stdlib, name)
    if not os.path.isdir(pkg):
        return [name]
    subs = sorted(f[:-3] for f in os.listdir(pkg) if f.endswith(".py") and f != "__init__.py")
    return [name] + [f"{name}.{sub}" for sub in subs]


def build_and_import(args, name, outdir, stdlib, suffix):
    """The stdlib-wide check for one module or package: it builds, and importing it (each
    submodule of a package) loads the extension without an exception (as importing its
    source does)."""
    pkg = os.path.join(stdlib, name)
    src = pkg if os.path.isdir(pkg) else pkg + ".py"
    cmd = [args.pyc2c] + (["build"] if src == pkg else []) + [src, "-o", outdir, "--python", args.python] + args.opt
    try:
        build = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return False, f"pyc2c took more than {args.timeout} s"
    if build.returncode != 0:
        return False, "pyc2c failed:\n" + build.stderr[-3000:]
    if name in NO_IMPORT:
        return True, ""
    # PYTHONPATH, not sys.path: modules the interpreter imports at startup (site, .pth
    # files: bisect under pyenv) must come from the extensions too.
    env = dict(os.environ, PYTHONPATH=outdir)
    for mod in module_names(name, stdlib):
        where = subprocess.run([args.python, "-X", "frozen_modules=off", "-c",
                                f"import {mod}, sys; print(sys.modules[{mod!r}].__file__)"],
                               capture_output=True, text=True, cwd=outdir, env=env, timeout=120)
        if not where.stdout.strip().endswith(suffix):
            return False, f"{mod}: imported {where.stdout.strip() or where.stderr[-2000:]} instead of the extension"
    return True, ""


def run_one(args, name, outdir, stdlib, suffix):
    """Builds the module, checks its extension is what imports, then runs CPython's
    test file for it against the extension."""
    ok, why = build_and_import(args, name, outdir, stdlib, suffix)
    if not ok:
        return ok, why
    env = dict(os.environ, PYTHONPATH=outdir)
    ignore = [arg for test, _ in KNOWN_DIFFERENCES.get(name, []) for arg in ("-i", "*." + test)]
    try:
        test = subprocess.run([args.python, "-X", "frozen_modules=off", "-m", "test",
                               TEST_OF.get(name, f"test_{name}")] + ignore,
                              capture_output=True, text=True, env=env, timeout=900)
    except subprocess.TimeoutExpired as e:
        return False, f"the test file ran more than {e.timeout} s:\n" + (e.stdout or b"")[-3000:].decode(errors="replace")
    if test.returncode != 0 or "SUCCESS" not in test.stdout:
        return False, test.stdout[-3000:] + test.stderr[-2000:]
    return True, ""


def all_modules(stdlib):
    return sorted(f[:-3] for f in os.listdir(stdlib) if f.endswith(".py") and f[:-3].isidentifier())


def run_all_modules(args, stdlib, suffix):
    import concurrent.futures
    names = [n for n in all_modules(stdlib) if not (args.skip_slow and n in SLOW_MODULES)]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="pyc2c-stdlib-all-") as outdir:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {n: pool.submit(build_and_import, args, n, outdir, stdlib, suffix) for n in names}
            for name in names:
                ok, why = futures[name].result()
                print(("PASS " if ok else "FAIL ") + name, flush=True)
                if not ok:
                    print("  " + why.replace("\n", "\n  "))
                passed += ok
                failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


# Modules whose build takes minutes (large literal tables, very long functions): left out
# of the bounded --skip-slow run.
SLOW_MODULES = {"stringprep", "_pydecimal", "pydoc", "typing", "argparse", "tarfile", "inspect",
                "pickletools", "_pydatetime", "datetime", "difflib", "subprocess", "email"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pyc2c", default="build/pyc2c")
    ap.add_argument("--python", default="python3")
    ap.add_argument("--more", action="store_true", help="run MORE_MODULES' test files instead (make test runs MODULES)")
    ap.add_argument("--all-modules", action="store_true", help="build and import every top-level module")
    ap.add_argument("--skip-slow", action="store_true", help="with --all-modules: leave out SLOW_MODULES")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=900, help="seconds per module build")
    ap.add_argument("--opt", action="append", default=[], choices=["-O0", "-O1", "-O2", "-O3"],
                    help="the C compiler's optimization level for the builds (the stdlib-wide check "
                    "uses -O0: it checks that every module builds and imports, at a fifth of the time)")
    ap.add_argument("modules", nargs="*")
    args = ap.parse_args()
    args.modules = args.modules or (MORE_MODULES if args.more else MODULES)
    args.pyc2c = os.path.abspath(args.pyc2c)
    stdlib = query(args.python, "sysconfig.get_paths()['stdlib']")
    suffix = query(args.python, "sysconfig.get_config_var('EXT_SUFFIX')")
    if args.all_modules:
        return run_all_modules(args, stdlib, suffix)
    passed = failed = 0
    for name in args.modules:
        if not os.path.exists(os.path.join(stdlib, name)) and not os.path.exists(os.path.join(stdlib, name + ".py")):
            print(f"SKIP {name} (not in this version's stdlib)", flush=True)
            continue
        # a directory per module: a module that fails to import must not fail the next ones
        with tempfile.TemporaryDirectory(prefix="pyc2c-stdlib-") as outdir:
            start = time.monotonic()
            ok, why = run_one(args, name, outdir, stdlib, suffix)
            print(("PASS " if ok else "FAIL ") + f"{name} ({time.monotonic() - start:.0f} s)", flush=True)
            if not ok:
                print("  " + why.replace("\n", "\n  "))
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
