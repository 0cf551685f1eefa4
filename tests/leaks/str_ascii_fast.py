"""runtime/str.c ascii_case, runtime/str_pieces.c (splitlines, pieces), runtime/str_args.c
replace_char and Pyc2cStr_ScanUcs1: lower()/upper() results shared through the piece
table, unchanged strs returned themselves, lines and split parts as pieces, replace's
copy or s itself: each reference released once (subclasses and non-ASCII text too)."""
from collections import Counter


class Plain(str):
    pass


def words(text):
    counts = Counter()
    for w in text.split():
        w = w.strip(".,!?-").lower()
        if w:
            counts[w] += 1
    return counts


def typed(text: str) -> int:
    n = 0
    for line in text.splitlines():
        key, rest = line.split("=", 1)
        rest = rest.replace(";", " ")
        n += rest.find("tag:", 2) + rest.count("1") + rest.startswith(("value 1", "x")) + len(key.upper())
    return n


def case_words():
    return sorted(words("Alpha beta, GAMMA. delta! Caf\u00e9 CAF\u00c9 a A ab AB " * 3).items())


def case_typed():
    return typed("k1=value 12;tag:1\nk2=value 2;tag:0\r\nKEY3=\u00e9;tag:\u00e9\nlong_key_name=no semicolon")


def case_typed_error():
    return typed("k1=value 12;tag:1\n\nk2=x")


def case_subclass():
    return words(Plain("Ab aB")), typed(Plain("a=b;c\nd=e"))
