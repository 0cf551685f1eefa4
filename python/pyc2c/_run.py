"""The profiled run: `python -m pyc2c._run DATA.json [--types] [--first-path DIR]
(-m MODULE | SCRIPT) ARGS...`, started by hot.py in a child process so that whatever
the program does (sys.exit, os._exit, raising at import, forking workers) leaves the
tool alone.  Runs the program as `python SCRIPT` / `python -m MODULE` would, under
cProfile, a SIGPROF line sampler (per-line heat) and, with --types, a hook recording
the types of parameters and return values of calls into the user's files
(sys.monitoring from 3.12, else sys.settrace: before 3.12 cProfile holds
sys.setprofile).  Writes DATA.json when the program ends, then exits with its status."""
import cProfile
import json
import os
import runpy
import signal
import sys
import time
import traceback

from . import typenames

SAMPLE_INTERVAL = 0.001   # seconds of CPU time between line samples


class TypeRecorder:
    """Counts, per function of the user's files, the type names of each call's arguments
    and of its return value.  Line events are switched off in traced frames."""

    def __init__(self, is_user_file):
        self.is_user_file = is_user_file
        self.user_code = {}   # code object -> key, or None when not the user's
        self.funcs = {}

    def key_of(self, code):
        try:
            return self.user_code[code]
        except KeyError:
            key = None
            if self.is_user_file(code.co_filename) and not code.co_name.startswith("<"):
                key = f"{code.co_filename}:{code.co_firstlineno}:{code.co_name}"
            self.user_code[code] = key
            return key

    def entry(self, key, code):
        e = self.funcs.get(key)
        if e is None:
            nargs = code.co_argcount + code.co_kwonlyargcount
            e = {"calls": 0, "params": {n: {} for n in code.co_varnames[:nargs]}, "returns": {}}
            self.funcs[key] = e
        return e

    def start(self):
        sys.settrace(self.trace)

    def stop(self):
        sys.settrace(None)

    def trace(self, frame, event, arg):
        if event != "call":
            return None
        code = frame.f_code
        key = self.key_of(code)
        if key is None:
            return None
        e = self.entry(key, code)
        e["calls"] += 1
        f_locals = frame.f_locals
        for name, seen in e["params"].items():
            t = typenames.name_of(f_locals.get(name), self.is_user_file)
            seen[t] = seen.get(t, 0) + 1
        frame.f_trace_lines = False
        return self.local_trace(e)

    def local_trace(self, e):
        raised = [False]   # an exception passed through the frame: a None return may be one

        def on_event(frame, event, arg):
            if event == "exception":
                raised[0] = True
            elif event == "return":
                t = "<raised>" if raised[0] and arg is None else typenames.name_of(arg, self.is_user_file)
                e["returns"][t] = e["returns"].get(t, 0) + 1
            return on_event
        return on_event


class MonitoringTypeRecorder(TypeRecorder):
    """The same counts through sys.monitoring (3.12+): PY_START/PY_RETURN/PY_UNWIND
    events, switched off (DISABLE) for code outside the user's files, so the standard
    library runs at full speed."""

    def start(self):
        mon = sys.monitoring
        self.tool = next(t for t in range(6) if mon.get_tool(t) is None)
        mon.use_tool_id(self.tool, "pyc2c hot")
        E = mon.events
        mon.register_callback(self.tool, E.PY_START, self.on_start)
        mon.register_callback(self.tool, E.PY_RETURN, self.on_return)
        mon.register_callback(self.tool, E.PY_UNWIND, self.on_unwind)
        mon.set_events(self.tool, E.PY_START | E.PY_RETURN | E.PY_UNWIND)

    def stop(self):
        mon = sys.monitoring
        mon.set_events(self.tool, 0)
        mon.free_tool_id(self.tool)

    def on_start(self, code, offset):
        key = self.key_of(code)
        if key is None:
            return sys.monitoring.DISABLE
        frame = sys._getframe(1)   # the frame that starts (resuming is PY_RESUME, not seen)
        e = self.entry(key, code)
        e["calls"] += 1
        f_locals = frame.f_locals
        for name, seen in e["params"].items():
            t = typenames.name_of(f_locals.get(name), self.is_user_file)
            seen[t] = seen.get(t, 0) + 1
        return None

    def on_return(self, code, offset, value):
        key = self.key_of(code)
        if key is None:
            return sys.monitoring.DISABLE
        e = self.entry(key, code)
        t = typenames.name_of(value, self.is_user_file)
        e["returns"][t] = e["returns"].get(t, 0) + 1
        return None

    def on_unwind(self, code, offset, exc):
        key = self.key_of(code)
        if key is not None:
            e = self.entry(key, code)
            e["returns"]["<raised>"] = e["returns"].get("<raised>", 0) + 1


def type_recorder(is_user_file):
    if hasattr(sys, "monitoring"):
        return MonitoringTypeRecorder(is_user_file)
    return TypeRecorder(is_user_file)


class LineSampler:
    """Every SAMPLE_INTERVAL of CPU time, counts the line the innermost user frame is on."""

    def __init__(self, is_user_file):
        self.is_user_file = is_user_file
        self.counts = {}

    def start(self):
        if not hasattr(signal, "setitimer"):
            return
        signal.signal(signal.SIGPROF, self.sample)
        signal.setitimer(signal.ITIMER_PROF, SAMPLE_INTERVAL, SAMPLE_INTERVAL)

    def stop(self):
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            signal.signal(signal.SIGPROF, signal.SIG_DFL)

    def sample(self, signum, frame):
        while frame is not None and not self.is_user_file(frame.f_code.co_filename):
            frame = frame.f_back
        if frame is not None and frame.f_lineno is not None:
            lines = self.counts.setdefault(frame.f_code.co_filename, {})
            lines[frame.f_lineno] = lines.get(frame.f_lineno, 0) + 1


def user_file_test(roots):
    """A file is the user's when it lies under one of roots and not in the standard
    library or site-packages (a virtualenv inside the project included)."""
    import sysconfig
    paths = sysconfig.get_paths()
    excluded = {os.path.realpath(paths[k]) + os.sep for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots = [os.path.realpath(r) + os.sep for r in roots]
    cache = {}

    def is_user_file(filename):
        try:
            return cache[filename]
        except KeyError:
            real = filename and filename != "~" and not filename.startswith("<") and os.path.isfile(filename)
            path = os.path.realpath(filename) if real else ""
            ok = bool(path) and (any(path.startswith(r) for r in roots) and not any(path.startswith(x) for x in excluded)
                  and "site-packages" not in path and os.sep + "pyc2c" + os.sep not in path)
            cache[filename] = ok
            return ok
    return is_user_file


def exit_status(code):
    """What `python` exits with for SystemExit(code)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def print_program_traceback(exc):
    """The traceback as python would print it: without this runner's frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename in (__file__, runpy.__file__):
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb)


def run_program(target, is_module):
    if is_module:
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        runpy.run_path(target, run_name="__main__")


def write_data(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f)
    os.replace(tmp, path)


def stats_rows(profiler):
    import pstats
    rows = []
    for (file, line, name), (cc, nc, tt, ct, callers) in pstats.Stats(profiler).stats.items():
        rows.append([file, line, name, cc, nc, tt, ct])
    return rows


def parse_args(argv):
    data, types, first_path = argv[0], False, None
    i = 1
    while argv[i] in ("--types", "--first-path"):
        if argv[i] == "--types":
            types = True
            i += 1
        else:
            first_path = argv[i + 1]
            i += 2
    if argv[i] == "-m":
        return data, types, first_path, argv[i + 1], True, argv[i + 2:]
    return data, types, first_path, argv[i], False, argv[i + 1:]


def main(argv):
    data_path, want_types, first_path, target, is_module, args = parse_args(argv)
    if is_module:
        sys.argv = [target] + args
        sys.path[0] = os.getcwd()
        roots = [os.getcwd()]
    else:
        sys.argv = [target] + args
        sys.path[0] = os.path.dirname(os.path.abspath(target))
        roots = [sys.path[0]]
    if first_path:
        sys.path.insert(0, first_path)
        roots.append(first_path)
    is_user_file = user_file_test(roots)
    pid, forks = os.getpid(), [0]
    os.register_at_fork(after_in_parent=lambda: forks.__setitem__(0, forks[0] + 1))
    recorder = type_recorder(is_user_file) if want_types else None
    sampler = LineSampler(is_user_file)
    profiler = cProfile.Profile()
    status, error = 0, None
    wall0, cpu0 = time.perf_counter(), time.process_time()
    try:
        sampler.start()
        if recorder:
            recorder.start()
        profiler.enable()
        run_program(target, is_module)
    except SystemExit as e:
        status = exit_status(e.code)
    except BaseException as e:   # the program's own error: reported as python would
        status, error = 1, f"{type(e).__name__}: {e}"
        print_program_traceback(e)
    finally:
        profiler.disable()
        if recorder:
            recorder.stop()
        sampler.stop()
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    if os.getpid() == pid:   # a forked worker that returns here writes nothing
        sys.stdout.flush()
        write_data(data_path, {
            "status": status, "error": error, "wall": wall, "cpu": cpu, "forks": forks[0],
            "stats": stats_rows(profiler), "types": recorder.funcs if recorder else {},
            "lines": sampler.counts, "python": sys.version.split()[0],
        })
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
