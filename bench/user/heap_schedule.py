"""heapq scheduling: jobs with priorities run by a simple event loop."""
import heapq

DEFAULT_N = 40000


def schedule(n: int):
    heap = []
    for i in range(n):
        heapq.heappush(heap, ((i * 7919) % 1000, i, f"job{i}"))
    done = []
    clock = 0
    while heap:
        prio, i, name = heapq.heappop(heap)
        clock += prio % 17
        if i % 10 == 0 and prio < 900:
            heapq.heappush(heap, (prio + 100, i + n, name))
        else:
            done.append((clock, name))
    return done


def main(n=DEFAULT_N):
    done = schedule(n)
    return sum(c for c, _ in done) + len(done)
