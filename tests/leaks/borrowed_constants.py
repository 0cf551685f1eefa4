"""Constants borrowed from the module (pass/refcount.c borrow_constants) and releases of
objects proven set (pass/nonnull.c): what keeps a constant takes its own reference,
nothing releases one it does not own, and slots unset on some path stay tested."""


class Box:
    def __init__(self) -> None:
        self.label = "none"
        self.items: list[str] = []


def case_constants_kept():
    out: list[object] = []
    d: dict[str, tuple[int, str]] = {}
    for i in range(20):
        out.append("a")
        out.append(b"raw" if i % 2 else (1, "t"))
        key = "even" if i % 2 == 0 else "odd"
        d[key] = (1, "x")
    b = Box()
    b.label = "box"
    b.items.append("it")
    return len(out), sorted(d.items()), b.label, b.items


def pick(c: bool) -> str:
    t = "hot"
    if c:
        t = "cold"
    return t


def mixed(n: int) -> str:
    s = "start"
    for i in range(n):
        if i == 2:
            s = str(i) + "!"
    return s


def case_returned_and_moved():
    return [pick(True), pick(False), mixed(1), mixed(5), ...]


def maybe(c: bool) -> str:
    if c:
        x = "set"
    return x


def case_unbound_and_raise():
    out = [maybe(True)]
    try:
        maybe(False)
    except UnboundLocalError:
        out.append("unbound")
    msg = "bad"
    try:
        raise ValueError(msg)
    except ValueError as e:
        out.append(str(e))
    return out


def case_partly_set_slots():
    total = 0
    notes = []
    for v in [" a ", "skip", "bc", "x", " ", "zzz"]:
        if v == "skip":
            continue
        note = "ok"
        try:
            total += int(v)
        except ValueError:
            note = "fail"
            s = v.strip()
            if not s:
                break
            total += len(s)
        notes.append(note)
    return total, notes
