"""A binary tree built recursively and walked with recursive generators."""

DEFAULT_N = 15


class Node:
    def __init__(self, value, left=None, right=None):
        self.value = value
        self.left = left
        self.right = right

    def inorder(self):
        if self.left:
            yield from self.left.inorder()
        yield self.value
        if self.right:
            yield from self.right.inorder()


def build(depth, start=0):
    if depth == 0:
        return None
    left = build(depth - 1, start)
    mid = start + (1 << (depth - 1)) - 1
    return Node(mid, left, build(depth - 1, mid + 1))


def main(n=DEFAULT_N):
    root = build(n)
    total = 0
    for v in root.inorder():
        total += v
    return total
