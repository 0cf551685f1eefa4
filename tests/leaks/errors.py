"""Errors in the middle of things: every partly built value must be released."""

BIG = 3 ** 80


class Res:
    def __init__(self, log, fail_enter=False, fail_exit=False):
        self.log = log
        self.fail_enter = fail_enter
        self.fail_exit = fail_exit

    def __enter__(self):
        if self.fail_enter:
            raise OSError("enter")
        return [self.log]

    def __exit__(self, et, ev, tb):
        if self.fail_exit:
            raise KeyError("exit")
        return False


def two(a, b):
    return [a, b]


def typed(x: int, y: float = 1.5) -> float:
    return x * y


def case_comprehension_raises():
    out = []
    for d in (0, 1, 2):
        try:
            out.append([10 // (i - d) for i in iter([3, 2, 1])])
        except ZeroDivisionError:
            out.append("z")
        try:
            out.append({str(i): [i] for i in range(5) if 1 // (i - 3 + d) >= 0})
        except ZeroDivisionError:
            out.append("zd")
    return out


def case_loop_body_raises():
    n = 0
    for k in range(4):
        try:
            for x in iter([[1], [2], [3], None]):
                for y in x:
                    n += y
        except TypeError:
            n += 100
    return n


def case_display_raises():
    out = []
    for i in range(3):
        try:
            out.append([[i], (i,), 1 // (i - 1), [i]])
        except ZeroDivisionError:
            out.append(0)
        try:
            out.append({"a": [i], "b": {}["k"] if i == 2 else i})
        except KeyError:
            out.append(1)
        try:
            out.append({(i,), frozenset([i]), [i] if i == 0 else i})
        except TypeError:
            out.append(2)
    return out


def case_call_args_raise():
    out = []
    for i in range(3):
        try:
            out.append(two([i], {}["nope"] if i else [i]))
        except KeyError:
            out.append("k")
    return out


def case_pyentry_rejects():
    fs = [typed, two]
    out = []
    for i in range(6):
        try:
            if i == 0:
                out.append(fs[0](1, nope=2))
            elif i == 1:
                out.append(fs[0]("s"))
            elif i == 2:
                out.append(fs[0](x=2, y=0.5))
            elif i == 3:
                out.append(fs[0]())
            elif i == 4:
                out.append(fs[0](3, x=4))
            else:
                out.append(fs[0](2, y=2.5))
        except TypeError as e:
            out.append(type(e).__name__)
    try:
        fs[1](1, 2, 3)
    except TypeError:
        out.append("two")
    return out


def case_int_float_errors():
    out = []
    for i in range(3):
        try:
            out.append(BIG << (i - 1))
        except ValueError as e:
            out.append(str(e))
        try:
            x: float = BIG ** (10 * i + 1) * 1.0
            out.append(x > 0)
        except OverflowError:
            out.append("ovf")
        try:
            out.append(int("12" if i else "x"))
        except ValueError:
            out.append("bad")
    return out


def case_with_errors():
    log = []
    for fe, fx, body in ((True, False, False), (False, True, False), (False, True, True),
                         (False, False, True)):
        try:
            with Res(log, fe, fx) as r:
                with Res(log) as r2:
                    if body:
                        raise ValueError([r, r2])
            log.append("ok")
        except (OSError, KeyError, ValueError) as e:
            log.append(type(e).__name__ + ":" + type(e.__context__).__name__)
    return log


def returns_in_with(xs):
    for x in iter(xs):
        with Res([]) as r:
            if x > 2:
                return [x, r]
    return None


def case_return_in_with_loop():
    return [returns_in_with([1, 2, 3, 4]) for _ in range(5)][0]


def swallow_by_return(i):
    try:
        raise ValueError([i])
    finally:
        return [i]


def swallow_by_break():
    out = []
    for i in range(5):
        try:
            raise KeyError([i])
        finally:
            out.append(i)
            break
    return out


def case_finally_swallows():
    return [swallow_by_return(i) for i in range(5)], swallow_by_break()


def case_continue_in_finally():
    out = []
    for i in range(6):
        try:
            if i % 2:
                raise ValueError(i)
            out.append([i])
        finally:
            continue
    return out


def case_nested_handlers():
    out = []
    for i in range(6):
        try:
            try:
                raise KeyError([i])
            except KeyError as e:
                try:
                    raise ValueError([i])
                except ValueError:
                    pass
                if i % 2:
                    raise
                raise TypeError("t")
            finally:
                out.append("f")
        except (KeyError, TypeError) as e:
            out.append((type(e).__name__, type(e.__context__).__name__))
    return out


def case_unpack_iter_errors():
    out = []
    for xs in ([1, 2, 3], [1], [1, 2, 3, 4, 5], "ab"):
        try:
            a, b, c = iter(xs)
            out.append((a, b, c))
        except ValueError as e:
            out.append(str(e))
        try:
            a, *b, c, d = xs
            out.append((a, b))
        except ValueError as e:
            out.append(str(e))
    return out


def case_augmented_item_errors():
    d = {"a": [1]}
    out = []
    for k in ("a", "b", "a"):
        try:
            d[k] += [2]
            out.append(len(d[k]))
        except KeyError:
            out.append(k)
        try:
            d[k][5] += 1
        except IndexError:
            out.append("i")
    return out


def case_dict_changed_size():
    d = {i: [i] for i in range(5)}
    try:
        for k in d:
            d[k + 10] = [k]
    except RuntimeError as e:
        return str(e)


def case_missing_import():
    out = []
    for i in range(3):
        try:
            import no_such_module_pyc2c
            out.append(no_such_module_pyc2c)
        except ImportError as e:
            out.append(e.name)
    return out


def case_unbound_local():
    out = []
    for flag in (True, False):
        if flag:
            v = [1]
        try:
            out.append(v)
            del v
        except UnboundLocalError:
            out.append("unbound")
    return out


def case_fstring_errors():
    out = []
    for spec in ("d", ".2f", "zz"):
        try:
            out.append(f"{[1, 2]!r:>20}{3:{spec}}")
        except ValueError as e:
            out.append(str(e))
    return out


def case_builtins_errors():
    out = []
    for xs in ([1, 2], [], [1, "a"], [[1], [2]]):
        for fn in (min, max, sum, sorted):
            try:
                out.append(fn(xs))
            except (TypeError, ValueError) as e:
                out.append(type(e).__name__)
    return out


def case_isinstance_attr_errors():
    out = []
    for v in ([1], (1,), "s", None, Res([])):
        out.append(isinstance(v, (list, tuple)))
        try:
            out.append(v.log)
        except AttributeError:
            out.append("noattr")
        try:
            v.newattr = [1]
            out.append(len(v.newattr))
        except AttributeError:
            out.append("noset")
    return out


def to_number(tok):
    try:
        return int(tok)
    except ValueError:
        try:
            return float(tok)
        except ValueError:
            return None


def case_quiet_value_error_handlers():
    """try: int(s) except ValueError: with quiet handlers (ir/build_try.c): the refused
    strs take no exception, the rest runs the try as written."""
    toks = ["12", "x", " 3 ", "1.5", "n/a", "1e", "9" * 30, "", "inf", b"7", None, 2.5]
    out = []
    bad = 0
    for tok in toks:
        try:
            out.append(to_number(tok))
        except TypeError:
            out.append("T")
        try:
            bad += int(tok)
        except ValueError:
            bad -= 1
        except TypeError:
            pass
    return out, bad
