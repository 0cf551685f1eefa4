"""Breadth-first search on a dict adjacency list with collections.deque."""
from collections import deque

DEFAULT_N = 20000


def make_graph(n):
    g = {}
    for i in range(n):
        g[i] = [(i * 3 + 1) % n, (i * 7 + 2) % n, (i + 1) % n]
    return g


def bfs(g, start):
    dist = {start: 0}
    q = deque([start])
    while q:
        u = q.popleft()
        for v in g[u]:
            if v not in dist:
                dist[v] = dist[u] + 1
                q.append(v)
    return dist


def main(n=DEFAULT_N):
    g = make_graph(n)
    total = 0
    for s in range(0, 50, 10):
        d = bfs(g, s)
        total += sum(d.values()) + max(d.values())
    return total
