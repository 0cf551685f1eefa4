# Class attributes used as instance defaults: unset reads of the class value, and
# rebinding/deleting the default (each drops the class dict's descriptor, whose dealloc
# puts a new one back: runtime/native_class.c rebind) must not leak.


class Counter:
    count: int = 0
    label = "x"

    def bump(self) -> None:
        self.count += 1
        self.label = "y"


class Sub(Counter):
    count = 5


def case_unset_reads() -> int:
    total = 0
    for _ in range(20):
        c = Counter()
        total += c.count
        c.bump()
        total += c.count + len(c.label)
        s = Sub()
        total += s.count
    return total


def case_rebind_default() -> int:
    c = Counter()
    Counter.count = 3
    v = c.count
    del Counter.count
    Counter.count = 0
    Sub.count = 6
    v += Sub().count
    del Sub.count
    v += Sub().count
    Sub.count = 5
    return v
