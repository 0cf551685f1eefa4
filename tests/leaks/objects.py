"""Generic object code: attributes, items, calls with keywords, str ops, f-strings."""


class Box:
    def __init__(self, value, label="box"):
        self.value = value
        self.label = label

    def get(self, default=None):
        return self.value if self.value is not None else default


def kw(a, b=2, c=3):
    return a + b + c


def case_attrs():
    b = Box([1, 2, 3], label="x")
    total = 0
    for i in range(50):
        b.value = [i, i + 1]
        b.extra = b.value
        total += b.get()[1] + len(b.label)
        del b.extra
    return total


def case_items():
    d = {}
    lst = list(range(20))
    for i in range(40):
        d["k%d" % i] = lst[i % 20]
        lst[i % 20] = d.get("k%d" % (i - 1), 0)
    del d["k0"]
    return sorted(d.items())[:3], lst[::3], lst[-2:]


def case_calls_keywords():
    fs = [kw, Box]
    total = 0
    for i in range(30):
        total += fs[0](i, b=i, c=1)
        total += fs[0](1, 2, c=5)
        total += fs[0](a=1)
        total += fs[1](i, label="y").get(0)
        total += kw(1, c=4)
    return total


def case_strings():
    s = "Hello, World"
    out = []
    for i in range(30):
        t = s.lower().replace("o", str(i)).split(",")
        out.append("-".join(t).strip() + s[i % 5:i % 7])
        out.append(s.upper() * 2 if i % 2 else s.title())
    return len("".join(out)), out[-1]


def case_fstrings():
    out = []
    for i in range(30):
        x = i * 1.5
        name = "n" * (i % 4)
        out.append(f"{i:>4}|{x:.2f}|{name!r}|{[i, name]}|{i + 1 = }")
    return "".join(out)[-60:]


def case_exc_message():
    b = Box(None)
    try:
        return b.missing
    except AttributeError as e:
        return str(e)


def case_raise_out():
    d = {"a": 1}
    return d["nope"]


def case_type_error_out():
    return Box(1).get(1, 2, 3)
