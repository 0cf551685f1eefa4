"""Word frequencies over a generated text: string building and join, split, dict
counting, sorting by (-count, word), and a character-level hash of the report.

bench(n) generates a text of n words (words made of syllables picked by a small LCG,
Zipf-like so that counts differ), counts them and returns a checksum of the sorted
report."""
from typing import Dict, Final, List, Tuple

DEFAULT_N: Final = 1400000
SYLLABLES: Final = ["ka", "lo", "mi", "ne", "su", "ra", "to", "vi", "en", "or", "qu", "ish"]
MOD: Final = (1 << 61) - 1


def make_vocabulary(size: int) -> List[str]:
    words: List[str] = []
    seed = 7
    nsyl = len(SYLLABLES)
    for _ in range(size):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        parts: List[str] = []
        k = 1 + seed % 4
        s = seed
        for _ in range(k):
            parts.append(SYLLABLES[s % nsyl])
            s = s // nsyl
        words.append("".join(parts))
    return words


def make_text(n: int, vocab: List[str]) -> str:
    seed = 42
    size = len(vocab)
    out: List[str] = []
    for i in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        # the product of two uniform picks favours small indices (Zipf-like)
        r = seed % size
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        idx = r * (seed % size) // size
        w = vocab[idx]
        if i % 17 == 0:
            w = w.upper()
        out.append(w)
        if i % 11 == 10:
            out.append("\n")
    return " ".join(out)


def count_words(text: str) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for word in text.split():
        w = word.lower()
        if w in counts:
            counts[w] += 1
        else:
            counts[w] = 1
    return counts


def sort_key(item: Tuple[str, int]) -> Tuple[int, str]:
    return (-item[1], item[0])


def report(counts: Dict[str, int], top: int) -> str:
    items = sorted(counts.items(), key=sort_key)
    lines: List[str] = []
    for word, count in items[:top]:
        lines.append(word + ": " + str(count))
    return "\n".join(lines)


def text_hash(s: str) -> int:
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % MOD
    return h


def bench(n: int) -> int:
    vocab = make_vocabulary(2000)
    text = make_text(n, vocab)
    counts = count_words(text)
    rep = report(counts, 200)
    return (text_hash(rep) * 1000003 + len(counts) * 1009 + len(text)) % MOD
