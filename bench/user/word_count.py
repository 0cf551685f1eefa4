"""Word counting with re and collections.Counter, plus stripping punctuation."""
import re
from collections import Counter

DEFAULT_N = 20000

WORDS = ["alpha", "Beta,", "gamma.", "delta!", "epsilon?", "zeta-", "eta", "Theta", "iota", "kappa"]


def make_text(n):
    return " ".join(WORDS[(i * i + 3 * i) % len(WORDS)] for i in range(n))


def count_words(text):
    counts = Counter()
    for w in text.split():
        w = w.strip(".,!?-").lower()
        if w:
            counts[w] += 1
    return counts


def count_re(text):
    return Counter(m.lower() for m in re.findall(r"[A-Za-z]+", text))


def main(n=DEFAULT_N):
    text = make_text(n)
    total = 0
    for _ in range(5):
        c = count_words(text)
        total += sum(c.values()) + len(c)
        r = count_re(text)
        total += r.most_common(1)[0][1]
    return total
