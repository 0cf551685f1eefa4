"""Nested dict updates: an inventory with get/setdefault and moves between stores."""

DEFAULT_N = 60000


def main(n=DEFAULT_N):
    stores = {}
    items = [f"item{i}" for i in range(200)]
    for i in range(n):
        store = stores.setdefault(f"store{i % 12}", {})
        item = items[(i * 31) % len(items)]
        store[item] = store.get(item, 0) + (i % 5) + 1
        if i % 7 == 0:
            other = stores.setdefault(f"store{(i + 1) % 12}", {})
            moved = min(store[item], 2)
            store[item] -= moved
            other[item] = other.get(item, 0) + moved
    total = 0
    for name, store in sorted(stores.items()):
        total += sum(v for v in store.values() if v > 0) + len(name)
    return total
