"""try/except parsing: tokens that may or may not be numbers."""

DEFAULT_N = 60000


def make_tokens(n):
    out = []
    for i in range(n):
        k = i % 5
        if k == 0:
            out.append(str(i))
        elif k == 1:
            out.append(f"{i / 7:.3f}")
        elif k == 2:
            out.append("n/a")
        elif k == 3:
            out.append(f" {i} ")
        else:
            out.append(f"x{i}")
    return out


def to_number(tok):
    try:
        return int(tok)
    except ValueError:
        try:
            return float(tok)
        except ValueError:
            return None


def main(n=DEFAULT_N):
    toks = make_tokens(n)
    total = 0.0
    bad = 0
    for tok in toks:
        v = to_number(tok)
        if v is None:
            bad += 1
        else:
            total += v
    return int(total) + bad
