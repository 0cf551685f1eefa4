"""What a project asks pyc2c to compile: the [tool.pyc2c] table of pyproject.toml,
checked (an unknown key or a wrong type is an error naming it), and module patterns
expanded to source files (a missing file or a glob matching nothing is an error)."""

import glob
import os
import sys

KEYS = {
    "modules": "list of module paths, directories or globs to compile",
    "exclude": "list of paths or globs not to compile",
    "opt-level": "C optimization level, 0 to 3",
    "strict": "make any fallback to interpreted Python an error",
    "extra-cflags": "list of extra flags for the C compiler",
}


class ConfigError(Exception):
    """A mistake in what the project asked for; the message says which."""


def _load_toml(path):
    if sys.version_info >= (3, 11):
        import tomllib
    else:   # setuptools carries tomli for interpreters without tomllib
        from setuptools.extern import tomli as tomllib
    with open(path, "rb") as f:
        return tomllib.load(f)


def read_pyproject(root="."):
    """The checked [tool.pyc2c] table of root/pyproject.toml as a dict with every key."""
    path = os.path.join(root, "pyproject.toml")
    try:
        data = _load_toml(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (pyc2c.build_meta reads [tool.pyc2c] there)")
    except ValueError as e:
        raise ConfigError(f"{path}: {e}")
    table = data.get("tool", {}).get("pyc2c")
    if table is None:
        raise ConfigError(f"{path}: no [tool.pyc2c] table (write modules = [...] there)")
    return check(table, where=f"{path}: [tool.pyc2c]")


def _string_list(table, key, where):
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value


def check(table, where="[tool.pyc2c]"):
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        known = ", ".join(sorted(KEYS))
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' (known keys: {known})")
    cfg = {
        "modules": _string_list(table, "modules", where),
        "exclude": _string_list(table, "exclude", where),
        "extra-cflags": _string_list(table, "extra-cflags", where),
        "opt-level": table.get("opt-level"),
        "strict": table.get("strict", False),
    }
    if not cfg["modules"]:
        raise ConfigError(f"{where}: 'modules' is empty or missing: nothing to compile")
    level = cfg["opt-level"]
    if level is not None and (isinstance(level, bool) or level not in (0, 1, 2, 3)):
        raise ConfigError(f"{where}: 'opt-level' must be 0, 1, 2 or 3 (got {level!r})")
    if not isinstance(cfg["strict"], bool):
        raise ConfigError(f"{where}: 'strict' must be true or false")
    return cfg


def _has_magic(pattern):
    return any(c in pattern for c in "*?[")


def _sources_of(pattern, root):
    """The .py files one pattern names, relative to root."""
    full = os.path.join(root, pattern)
    if _has_magic(pattern):
        hits = sorted(glob.glob(full, recursive=True))
        if not hits:
            raise ConfigError(f"module pattern '{pattern}' matches no file")
    elif os.path.exists(full):
        hits = [full]
    else:
        raise ConfigError(f"module '{pattern}' does not exist")
    files = []
    for hit in hits:
        if os.path.isdir(hit):
            for d, _, names in sorted(os.walk(hit)):
                files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".py")]
        elif hit.endswith(".py"):
            files.append(hit)
        elif not _has_magic(pattern):
            raise ConfigError(f"module '{pattern}' is not a .py file or a directory")
    return [os.path.relpath(f, root) for f in files]


def _excluded(path, excludes, root):
    for pattern in excludes:
        for hit in glob.glob(os.path.join(root, pattern), recursive=True):
            hit = os.path.relpath(hit, root)
            if path == hit or path.startswith(hit.rstrip("/") + "/"):
                return True
    return False


def expand(patterns, excludes=(), root="."):
    """Source files (relative to root, each once, in order) named by patterns."""
    seen = []
    for pattern in patterns:
        for path in _sources_of(pattern, root):
            if path not in seen and not _excluded(path, excludes, root):
                seen.append(path)
    if not seen:
        raise ConfigError("every module was excluded: nothing to compile")
    return seen


def module_name(path, root="."):
    """The import name of a source file: its package is the directories above it
    holding an __init__.py (as pyc2c itself decides)."""
    full = os.path.abspath(os.path.join(root, path))
    d, base = os.path.split(full)
    parts = [] if base == "__init__.py" else [base[:-3]]
    while os.path.isfile(os.path.join(d, "__init__.py")):
        d, pkg = os.path.split(d)
        parts.insert(0, pkg)
    return ".".join(parts)
