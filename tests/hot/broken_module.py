def f(x):
    return x + 1


f(1)
raise ValueError("broken at import")
