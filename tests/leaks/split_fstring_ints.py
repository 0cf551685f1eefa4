"""ir/build_split_pair.c and runtime/fstring.c Pyc2c_JoinInts: `a, b = s.split(sep)`
parts and f-string int fields are released once on every way out (ValueError partway,
subclass receivers, big ints, non-ASCII pieces)."""


class Plain(str):
    pass


def pairs(lines):
    out = []
    for line in lines:
        k, v = line.split("=", 1)
        a, b = line.rsplit("=")
        out.append((k, v, a, b))
    return out


def typed(lines: list[str]) -> int:
    n = 0
    for line in lines:
        k, v = line.split(":")
        n += len(k) + len(v)
    return n


def lines(n: int, tag: str) -> list:
    return [f"k{i}={i * 1000}:{tag}{-i}|{i * 2**70}" for i in range(n)]


def case_pairs():
    return pairs(["a=b", "key=value", "é=ü😀", Plain("x=y")])


def case_pairs_error():
    try:
        pairs(["a=b", "a=b=c"])
    except ValueError as e:
        return str(e)


def case_typed_error():
    try:
        typed(["a:b", "ab"])
    except ValueError as e:
        return str(e)


def case_fstring_ints():
    return lines(20, "t"), lines(3, "é")
