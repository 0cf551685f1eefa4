"""A hand-written tokenizer: a state machine over characters."""

DEFAULT_N = 3000


def tokenize(src):
    tokens = []
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < n and src[j].isdigit():
                j += 1
            tokens.append(("num", src[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append(("name", src[i:j]))
            i = j
        else:
            tokens.append(("op", c))
            i += 1
    return tokens


def main(n=DEFAULT_N):
    src = " ".join(f"x_{i} = ({i} + y{i % 9}) * 3;" for i in range(n))
    toks = tokenize(src)
    return len(toks) + sum(len(t[1]) for t in toks if t[0] == "name")
