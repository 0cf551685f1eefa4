"""f-string fields with simple specs (runtime/fstring.c), shared small-int strs
(runtime/int.c), and constructions whose arguments are evaluated before the class is
checked (ir/build_call.c lower_construct), including ones that raise part-way."""


class Row:
    def __init__(self, key: str, value: float, tags: list = []):
        self.key = key
        self.value = value
        self.tags = tags


def label(i: int) -> str:
    if i % 7 == 3:
        raise ValueError(i)
    return f"r{i}"


def case_specs(n: int = 300):
    out = []
    for i in range(n):
        x = i * 0.37 - 20.0
        out.append(f"{i:03d}|{i:5}|{-i:04}|{x:.2f}|{x:9.3f}|{i * 10**20:05d}|{str(i % 50)}")
    return len("".join(out))


def case_constructions(n: int = 200):
    rows = []
    errors = 0
    for i in range(n):
        try:
            rows.append(Row(label(i), i / 3, [j for j in range(i % 4)]))
        except ValueError:
            errors += 1
        rows.append(Row(key=f"k{i:02d}", value=float(i)))
    return len(rows), errors
