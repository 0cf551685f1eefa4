"""Module instances: reload re-runs the body (statics rebound), fresh instances are freed."""

from typing import Final
import importlib
import importlib.util
import sys

LIMIT: Final = 10 ** 30
NAMES: Final = ("a", "b", "c")
table = {n: [n] for n in NAMES}


def scale(x: int, k: int = LIMIT) -> int:
    return x * k


def case_reload_self():
    mod = importlib.reload(sys.modules[__name__])
    return mod.scale(2) % 1000, sorted(mod.table), mod.NAMES


def case_fresh_instance():
    spec = importlib.util.find_spec(__name__)
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    fresh.table["d"] = [1]
    return fresh.scale(3) % 1000, sorted(fresh.table), sorted(table)
