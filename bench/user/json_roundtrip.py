"""json: build documents, dump and load them, walk the loaded structure."""
import json

DEFAULT_N = 3000


def make_doc(i):
    return {"id": i, "name": f"user{i}", "tags": ["a", "b", str(i % 7)],
            "scores": [i % 10, (i * 3) % 10, (i * 7) % 10], "active": i % 2 == 0}


def walk(obj):
    if isinstance(obj, dict):
        return sum(walk(v) for v in obj.values()) + len(obj)
    if isinstance(obj, list):
        return sum(walk(v) for v in obj)
    if isinstance(obj, str):
        return len(obj)
    if isinstance(obj, bool):
        return 1 if obj else 0
    return obj


def main(n=DEFAULT_N):
    docs = [make_doc(i) for i in range(n)]
    text = json.dumps(docs)
    loaded = json.loads(text)
    return walk(loaded) + len(text)
