"""for loops with break/continue, unpacking, try/except/else/finally, with, raise."""


class Ctx:
    def __init__(self, log, swallow=False):
        self.log = log
        self.swallow = swallow

    def __enter__(self):
        self.log.append("enter")
        return self

    def __exit__(self, et, ev, tb):
        self.log.append("exit" if et is None else "exit:" + et.__name__)
        return self.swallow


def case_loops_break_continue():
    total = 0
    for i in iter(range(100)):
        if i % 3 == 0:
            continue
        for c in "abcdef":
            if c == "d":
                break
            total += ord(c)
        if i > 80:
            break
    return total


def case_unpacking():
    out = []
    for i in range(20):
        a, *mid, b = [i, i + 1, i + 2, i + 3]
        (x, y), z = (a, b), mid
        first, *_ = "xyz"
        out.append((x, y, z, first))
    return out[-1], len(out)


def case_unpack_errors():
    n = 0
    for i in range(10):
        try:
            a, b = [i] * (i % 4)
            n += a + b
        except ValueError as e:
            n += len(str(e))
    return n


def try_return(i):
    try:
        if i % 2:
            return [i]
        raise KeyError(i)
    except KeyError as e:
        return [e.args[0], "k"]
    finally:
        i = None


def case_try_return():
    return [try_return(i) for i in range(20)][-2:]


def case_try_else_finally():
    log = []
    for i in range(20):
        try:
            x = [i]
            if i % 5 == 0:
                raise ValueError("v%d" % i)
        except ValueError as e:
            log.append(str(e))
        else:
            log.append(x)
        finally:
            log.append("f")
    return len(log), log[:4]


def case_break_in_finally_loop():
    out = []
    for i in range(30):
        try:
            if i == 7:
                break
            if i % 2:
                continue
            out.append([i])
        finally:
            out.append("f")
    return out


def case_with():
    log = []
    for i in range(10):
        with Ctx(log) as c:
            log.append(len(c.log))
        with Ctx(log, swallow=True):
            raise RuntimeError("x")
        try:
            with Ctx(log):
                raise KeyError("k")
        except KeyError:
            log.append("caught")
    return len(log), log[:8]


def case_with_return_break():
    log = []
    for i in range(10):
        with Ctx(log):
            if i == 6:
                break
            if i % 2:
                continue
            log.append([i])
    return log


def reraise(i):
    try:
        raise ValueError(i)
    except ValueError:
        if i % 2:
            raise
        raise TypeError("t") from None


def case_reraise():
    n = []
    for i in range(10):
        try:
            reraise(i)
        except (ValueError, TypeError) as e:
            n.append(type(e).__name__)
    return n


def case_raise_from():
    try:
        try:
            {}["a"]
        except KeyError as e:
            raise ValueError("wrapped") from e
    except ValueError as e:
        return str(e), type(e.__cause__).__name__


def case_propagate_out():
    # the driver catches it: the exception and its traceback leave compiled code
    reraise(3)
