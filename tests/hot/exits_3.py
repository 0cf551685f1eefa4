import sys


def work(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


print(work(20000))
sys.exit(3)
