"""Type names of observed values, as annotations would spell them, and what they
support: `pyc2c hot` records name_of(value) for every argument and return value of the
user's functions; annotation_for() turns the counts into one annotation, or says why
there is none."""

MAX_ELEMENTS = 8   # elements of a container looked at per call
SCALARS = {bool: "bool", int: "int", float: "float", str: "str", bytes: "bytes", type(None): "None"}


def _elements(values, is_user_file):
    names = sorted({name_of(v, is_user_file) for v in values})
    return names[0] if len(names) == 1 else ("?" if not names else "|".join(names))


def name_of(value, is_user_file=lambda f: False):
    """'int', 'list[int]', 'dict[str, float]', 'tuple[int, str]', 'Point' (a class of the
    user's files); '?' inside a container: mixed or empty; '!name': a type no annotation
    here is proposed for."""
    t = type(value)
    if t in SCALARS:
        return SCALARS[t]
    if t is list or t is set:
        items = list(value[:MAX_ELEMENTS]) if t is list else [v for _, v in zip(range(MAX_ELEMENTS), value)]
        return f"{t.__name__}[{_elements(items, is_user_file)}]" if items else f"{t.__name__}[?]"
    if t is dict:
        items = [kv for _, kv in zip(range(MAX_ELEMENTS), value.items())]
        if not items:
            return "dict[?, ?]"
        return f"dict[{_elements([k for k, _ in items], is_user_file)}, {_elements([v for _, v in items], is_user_file)}]"
    if t is tuple:
        if len(value) > 4:
            return f"tuple[{_elements(value[:MAX_ELEMENTS], is_user_file)}, ...]"
        return "tuple[" + ", ".join(name_of(v, is_user_file) for v in value) + "]" if value else "tuple[()]"
    module = __import__("sys").modules.get(t.__module__)
    if module is not None and is_user_file(getattr(module, "__file__", None) or ""):
        return t.__qualname__ if "." not in t.__qualname__ else "!" + t.__qualname__
    return "!" + t.__qualname__


def _complete(name):
    """A name whose every part is known: no '?' (empty or mixed containers), no '!'."""
    return "?" not in name and "!" not in name and "|" not in name


def annotation_for(counts):
    """(annotation, None) when every observed call agrees on something an annotation can
    say without changing what the program computes, else (None, why).  counts maps type
    names to the number of calls they were seen in."""
    names = sorted(n for n in counts if n != "<raised>")
    # an empty container says nothing about its elements: another call's may
    names = [n for n in names if not (n.endswith("[?]") or n == "dict[?, ?]")
             or not any(m.split("[")[0] == n.split("[")[0] and _complete(m) for m in names)]
    if not names:
        return None, "never returned normally"
    if set(names) & {"int", "float"} == {"int", "float"} or set(names) & {"int", "bool"} == {"int", "bool"}:
        return None, "saw " + " and ".join(names) + " (a wider annotation would convert values)"
    incomplete = [n for n in names if not _complete(n)]
    if incomplete:
        n = incomplete[0]
        why = "its type is not one pyc2c compiles natively" if n.startswith("!") or "[!" in n or "!" in n \
            else "empty or mixed containers"
        return None, f"saw {n.replace('!', '')}: {why}"
    if len(names) == 1:
        return names[0], None
    others = [n for n in names if n != "None"]
    if len(names) == 2 and len(others) == 1:
        return f"{others[0]} | None", None
    if len(names) == 2:
        return f"{names[0]} | {names[1]}", None
    return None, "saw " + ", ".join(names)
