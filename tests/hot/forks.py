import multiprocessing


def square(x):
    return x * x


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        print(sum(pool.map(square, range(100))))
