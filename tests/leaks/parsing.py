"""int()/float() of strs (runtime/num_parse.c), str character tests (str_is.c), str ==."""


def number(tok):
    try:
        return int(tok)
    except ValueError:
        try:
            return float(tok)
        except ValueError:
            return None


def typed_int(s: str) -> int:
    return int(s)


def case_parse_tokens():
    out = []
    for t in ["12", " -7 ", "1_0", "2.5", "n/a", "x" * 250, "1e400", "\u0663", "9" * 30, "", "1\x00"]:
        out.append(number(t))
    return out


def case_typed_int_errors():
    n = 0
    for t in ["5", "q", " 8 ", "--1"]:
        try:
            n += typed_int(t)
        except ValueError as e:
            n += len(str(e))
    return n


def classes(s: str):
    return s.isdigit(), s.isalpha(), s.isspace(), s.isalnum(), s.islower(), s.isupper()


def untyped_classes(s):
    return s.isdigit(), s.isalpha(), s.isspace(), s.isalnum(), s.islower(), s.isupper()


class Odd(str):
    def isdigit(self):
        return [1]

    def __eq__(self, other):
        return ["eq"]

    __hash__ = str.__hash__


def same(a: str, b: str):
    return a == b, a != b


def case_str_tests():
    out = [classes(s) for s in ["12", "ab", " ", "Ab", ""]] + [untyped_classes(Odd("3")), untyped_classes("x")]
    return out + [same("a", "a"), same(Odd("a"), "a")]
