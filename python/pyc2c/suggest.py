"""`pyc2c hot --annotate`: the annotations the observed types support, as edits of the
def lines of the hot functions, shown as a unified diff or applied (--apply, keeping
FILE.orig).  A parameter or return is annotated only when it has no annotation yet and
every observed call agrees (typenames.annotation_for)."""
import ast
import difflib
import io
import os
import tokenize

from .typenames import annotation_for


class Suggestion:
    def __init__(self, file, func, target, annotation, calls, why=None):
        self.file, self.func, self.target = file, func, target   # target: a parameter, or "return"
        self.annotation, self.calls, self.why = annotation, calls, why

    def describe(self):
        what = "returns" if self.target == "return" else self.target
        if self.annotation:
            return f"{self.func}: {what}: {self.annotation} (seen in {self.calls} of {self.calls} calls)"
        return f"{self.func}: {what}: not annotated: {self.why}"


def _find_def(tree, name, line):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name.split(".")[-1]:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if line in (node.lineno, first):
                return node
    return None


def _header_colon(source_lines, node):
    """(line, col) of the ':' ending the def header (line 1-based, col in characters)."""
    text = "".join(source_lines[node.lineno - 1:])
    depth = 0
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.OP:
            if tok.string in "([{":
                depth += 1
            elif tok.string in ")]}":
                depth -= 1
            elif tok.string == ":" and depth == 0:
                return node.lineno + tok.start[0] - 1, tok.start[1]
    return None


def suggestions_for(source, func, observed):
    """Suggestions for one function: func is the report's entry (name, line), observed
    the recorder's counts {"calls", "params": {name: {type: n}}, "returns": {type: n}}."""
    tree = ast.parse(source)
    node = _find_def(tree, func["name"], func["line"])
    if node is None:
        return [], []
    edits, out = [], []
    calls = observed["calls"]
    args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
    is_method = "." in func["name"]
    for i, a in enumerate(args):
        if a.annotation is not None or (is_method and i == 0) or a.arg not in observed["params"]:
            continue
        ann, why = annotation_for(observed["params"][a.arg])
        out.append(Suggestion(None, func["name"], a.arg, ann, calls, why))
        if ann:   # ast columns count UTF-8 bytes
            line = source.splitlines()[a.end_lineno - 1]
            col = len(line.encode()[:a.end_col_offset].decode(errors="ignore"))
            edits.append((a.end_lineno, col, f": {ann}"))
    if node.returns is None and observed["returns"]:
        ann, why = annotation_for(observed["returns"])
        out.append(Suggestion(None, func["name"], "return", ann, sum(observed["returns"].values()), why))
        colon = _header_colon(source.splitlines(keepends=True), node)
        if ann and colon:
            edits.append((colon[0], colon[1], f" -> {ann}"))
    return edits, out


def apply_edits(source, edits):
    """source with each (line, col, text) inserted (col in characters)."""
    lines = source.splitlines(keepends=True)
    for line, col, text in sorted(edits, reverse=True):
        s = lines[line - 1]
        lines[line - 1] = s[:col] + text + s[col:]
    return "".join(lines)


def diff(path, old, new):
    rel = os.path.relpath(path)
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        "a/" + rel, "b/" + rel))


def apply_file(path, new):
    """Writes new into path, the old text kept as path + '.orig'."""
    backup = path + ".orig"
    with open(path, encoding="utf-8") as f:
        old = f.read()
    with open(backup, "w", encoding="utf-8") as f:
        f.write(old)
    tmp = path + ".pyc2c-tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(new)
    os.replace(tmp, path)
    return backup
