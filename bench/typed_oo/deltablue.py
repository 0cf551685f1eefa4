"""DeltaBlue: an incremental dataflow constraint solver (the pyperformance/mypyc
"deltablue" program in spirit): a Strength class compared through class and static
methods, a constraint class hierarchy with overridden methods, a planner, and the chain
and projection tests.

bench(n) runs both tests of size n a few times and returns a checksum of the values."""
from typing import List, Optional

from typing_extensions import Final

DEFAULT_N: Final = 5000


class Strength(object):
    def __init__(self, strength: int, name: str) -> None:
        self.strength = strength
        self.name = name

    @classmethod
    def stronger(cls, s1: "Strength", s2: "Strength") -> bool:
        return s1.strength < s2.strength

    @classmethod
    def weaker(cls, s1: "Strength", s2: "Strength") -> bool:
        return s1.strength > s2.strength

    @classmethod
    def weakest_of(cls, s1: "Strength", s2: "Strength") -> "Strength":
        if cls.weaker(s1, s2):
            return s1
        return s2

    @staticmethod
    def strongest(s1: "Strength", s2: "Strength") -> "Strength":
        if Strength.stronger(s1, s2):
            return s1
        return s2

    def next_weaker(self) -> "Strength":
        return STRENGTHS[self.strength + 1]


REQUIRED: Final = Strength(0, "required")
STRONG_PREFERRED: Final = Strength(1, "strongPreferred")
PREFERRED: Final = Strength(2, "preferred")
STRONG_DEFAULT: Final = Strength(3, "strongDefault")
NORMAL: Final = Strength(4, "normal")
WEAK_DEFAULT: Final = Strength(5, "weakDefault")
WEAKEST: Final = Strength(6, "weakest")
STRENGTHS: Final = [REQUIRED, STRONG_PREFERRED, PREFERRED, STRONG_DEFAULT, NORMAL, WEAK_DEFAULT, WEAKEST, WEAKEST]


class Constraint(object):
    def __init__(self, strength: Strength) -> None:
        self.strength = strength

    def add_constraint(self, planner: "Planner") -> None:
        self.add_to_graph()
        planner.incremental_add(self)

    def satisfy(self, mark: int, planner: "Planner") -> Optional["Constraint"]:
        self.choose_method(mark)
        if not self.is_satisfied():
            if self.strength == REQUIRED:
                raise Exception("Could not satisfy a required constraint!")
            return None
        self.mark_inputs(mark)
        out = self.output()
        overridden = out.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        out.determined_by = self
        if not planner.add_propagate(self, mark):
            raise Exception("Cycle encountered")
        out.mark = mark
        return overridden

    def destroy_constraint(self, planner: "Planner") -> None:
        if self.is_satisfied():
            planner.incremental_remove(self)
        else:
            self.remove_from_graph()

    def is_input(self) -> bool:
        return False

    def add_to_graph(self) -> None:
        raise NotImplementedError

    def remove_from_graph(self) -> None:
        raise NotImplementedError

    def choose_method(self, mark: int) -> None:
        raise NotImplementedError

    def is_satisfied(self) -> bool:
        raise NotImplementedError

    def mark_inputs(self, mark: int) -> None:
        raise NotImplementedError

    def inputs_known(self, mark: int) -> bool:
        raise NotImplementedError

    def output(self) -> "Variable":
        raise NotImplementedError

    def mark_unsatisfied(self) -> None:
        raise NotImplementedError

    def recalculate(self) -> None:
        raise NotImplementedError

    def execute(self) -> None:
        raise NotImplementedError


class UrnaryConstraint(Constraint):
    def __init__(self, v: "Variable", strength: Strength, planner: "Planner") -> None:
        super(UrnaryConstraint, self).__init__(strength)
        self.my_output = v
        self.satisfied = False
        self.add_constraint(planner)

    def add_to_graph(self) -> None:
        self.my_output.add_constraint(self)
        self.satisfied = False

    def choose_method(self, mark: int) -> None:
        if self.my_output.mark != mark and Strength.stronger(self.strength, self.my_output.walk_strength):
            self.satisfied = True
        else:
            self.satisfied = False

    def is_satisfied(self) -> bool:
        return self.satisfied

    def mark_inputs(self, mark: int) -> None:
        pass

    def inputs_known(self, mark: int) -> bool:
        return True

    def output(self) -> "Variable":
        return self.my_output

    def recalculate(self) -> None:
        self.my_output.walk_strength = self.strength
        self.my_output.stay = not self.is_input()
        if self.my_output.stay:
            self.execute()

    def mark_unsatisfied(self) -> None:
        self.satisfied = False

    def remove_from_graph(self) -> None:
        if self.my_output is not None:
            self.my_output.remove_constraint(self)
            self.satisfied = False

    def execute(self) -> None:
        pass


class StayConstraint(UrnaryConstraint):
    def __init__(self, v: "Variable", string: Strength, planner: "Planner") -> None:
        super(StayConstraint, self).__init__(v, string, planner)


class EditConstraint(UrnaryConstraint):
    def __init__(self, v: "Variable", string: Strength, planner: "Planner") -> None:
        super(EditConstraint, self).__init__(v, string, planner)

    def is_input(self) -> bool:
        return True


class Direction(object):
    NONE: Final = 0
    FORWARD: Final = 1
    BACKWARD: Final = -1


class BinaryConstraint(Constraint):
    def __init__(self, v1: "Variable", v2: "Variable", strength: Strength, planner: "Planner") -> None:
        super(BinaryConstraint, self).__init__(strength)
        self.v1 = v1
        self.v2 = v2
        self.direction = Direction.NONE
        self.add_constraint(planner)

    def choose_method(self, mark: int) -> None:
        if self.v1.mark == mark:
            if self.v2.mark != mark and Strength.stronger(self.strength, self.v2.walk_strength):
                self.direction = Direction.FORWARD
            else:
                self.direction = Direction.BACKWARD
        if self.v2.mark == mark:
            if self.v1.mark != mark and Strength.stronger(self.strength, self.v1.walk_strength):
                self.direction = Direction.BACKWARD
            else:
                self.direction = Direction.NONE
        if Strength.weaker(self.v1.walk_strength, self.v2.walk_strength):
            if Strength.stronger(self.strength, self.v1.walk_strength):
                self.direction = Direction.BACKWARD
            else:
                self.direction = Direction.NONE
        else:
            if Strength.stronger(self.strength, self.v2.walk_strength):
                self.direction = Direction.FORWARD
            else:
                self.direction = Direction.BACKWARD

    def add_to_graph(self) -> None:
        self.v1.add_constraint(self)
        self.v2.add_constraint(self)
        self.direction = Direction.NONE

    def is_satisfied(self) -> bool:
        return self.direction != Direction.NONE

    def mark_inputs(self, mark: int) -> None:
        self.input().mark = mark

    def input(self) -> "Variable":
        if self.direction == Direction.FORWARD:
            return self.v1
        return self.v2

    def output(self) -> "Variable":
        if self.direction == Direction.FORWARD:
            return self.v2
        return self.v1

    def recalculate(self) -> None:
        ihn = self.input()
        out = self.output()
        out.walk_strength = Strength.weakest_of(self.strength, ihn.walk_strength)
        out.stay = ihn.stay
        if out.stay:
            self.execute()

    def mark_unsatisfied(self) -> None:
        self.direction = Direction.NONE

    def inputs_known(self, mark: int) -> bool:
        i = self.input()
        return i.mark == mark or i.stay or i.determined_by is None

    def remove_from_graph(self) -> None:
        if self.v1 is not None:
            self.v1.remove_constraint(self)
        if self.v2 is not None:
            self.v2.remove_constraint(self)
        self.direction = Direction.NONE

    def execute(self) -> None:
        pass


class ScaleConstraint(BinaryConstraint):
    def __init__(self, src: "Variable", scale: "Variable", offset: "Variable", dest: "Variable",
                 strength: Strength, planner: "Planner") -> None:
        self.direction = Direction.NONE
        self.scale = scale
        self.offset = offset
        super(ScaleConstraint, self).__init__(src, dest, strength, planner)

    def add_to_graph(self) -> None:
        super(ScaleConstraint, self).add_to_graph()
        self.scale.add_constraint(self)
        self.offset.add_constraint(self)

    def remove_from_graph(self) -> None:
        super(ScaleConstraint, self).remove_from_graph()
        if self.scale is not None:
            self.scale.remove_constraint(self)
        if self.offset is not None:
            self.offset.remove_constraint(self)

    def mark_inputs(self, mark: int) -> None:
        super(ScaleConstraint, self).mark_inputs(mark)
        self.scale.mark = mark
        self.offset.mark = mark

    def execute(self) -> None:
        if self.direction == Direction.FORWARD:
            self.v2.value = self.v1.value * self.scale.value + self.offset.value
        else:
            self.v1.value = (self.v2.value - self.offset.value) // self.scale.value

    def recalculate(self) -> None:
        ihn = self.input()
        out = self.output()
        out.walk_strength = Strength.weakest_of(self.strength, ihn.walk_strength)
        out.stay = ihn.stay and self.scale.stay and self.offset.stay
        if out.stay:
            self.execute()


class EqualityConstraint(BinaryConstraint):
    def execute(self) -> None:
        self.output().value = self.input().value


class Variable(object):
    def __init__(self, name: str, initial_value: int = 0) -> None:
        self.name = name
        self.value = initial_value
        self.constraints: List[Constraint] = []
        self.determined_by: Optional[Constraint] = None
        self.mark = 0
        self.walk_strength = WEAKEST
        self.stay = True

    def __repr__(self) -> str:
        return "<Variable: %s - %s>" % (self.name, self.value)

    def add_constraint(self, constraint: Constraint) -> None:
        self.constraints.append(constraint)

    def remove_constraint(self, constraint: Constraint) -> None:
        self.constraints.remove(constraint)
        if self.determined_by == constraint:
            self.determined_by = None


class Planner(object):
    def __init__(self) -> None:
        self.current_mark = 0

    def incremental_add(self, constraint: Constraint) -> None:
        mark = self.new_mark()
        overridden = constraint.satisfy(mark, self)
        while overridden is not None:
            overridden = overridden.satisfy(mark, self)

    def incremental_remove(self, constraint: Constraint) -> None:
        out = constraint.output()
        constraint.mark_unsatisfied()
        constraint.remove_from_graph()
        unsatisfied = self.remove_propagate_from(out)
        strength = REQUIRED
        repeat = True
        while repeat:
            for u in unsatisfied:
                if u.strength == strength:
                    self.incremental_add(u)
                strength = strength.next_weaker()
            repeat = strength != WEAKEST

    def new_mark(self) -> int:
        self.current_mark += 1
        return self.current_mark

    def make_plan(self, sources: List[Constraint]) -> "Plan":
        mark = self.new_mark()
        plan = Plan()
        todo = sources
        while len(todo):
            c = todo.pop(0)
            if c.output().mark != mark and c.inputs_known(mark):
                plan.add_constraint(c)
                c.output().mark = mark
                self.add_constraints_consuming_to(c.output(), todo)
        return plan

    def extract_plan_from_constraints(self, constraints: List[Constraint]) -> "Plan":
        sources: List[Constraint] = []
        for c in constraints:
            if c.is_input() and c.is_satisfied():
                sources.append(c)
        return self.make_plan(sources)

    def add_propagate(self, c: Constraint, mark: int) -> bool:
        todo: List[Constraint] = []
        todo.append(c)
        while len(todo):
            d = todo.pop(0)
            if d.output().mark == mark:
                self.incremental_remove(c)
                return False
            d.recalculate()
            self.add_constraints_consuming_to(d.output(), todo)
        return True

    def remove_propagate_from(self, out: Variable) -> List[Constraint]:
        out.determined_by = None
        out.walk_strength = WEAKEST
        out.stay = True
        unsatisfied: List[Constraint] = []
        todo: List[Variable] = []
        todo.append(out)
        while len(todo):
            v = todo.pop(0)
            for c in v.constraints:
                if not c.is_satisfied():
                    unsatisfied.append(c)
            determining = v.determined_by
            for c in v.constraints:
                if c != determining and c.is_satisfied():
                    c.recalculate()
                    todo.append(c.output())
        return unsatisfied

    def add_constraints_consuming_to(self, v: Variable, coll: List[Constraint]) -> None:
        determining = v.determined_by
        cc = v.constraints
        for c in cc:
            if c != determining and c.is_satisfied():
                coll.append(c)


class Plan(object):
    def __init__(self) -> None:
        self.v: List[Constraint] = []

    def add_constraint(self, c: Constraint) -> None:
        self.v.append(c)

    def __len__(self) -> int:
        return len(self.v)

    def execute(self) -> None:
        for c in self.v:
            c.execute()


def chain_test(n: int) -> int:
    planner = Planner()
    prev: Optional[Variable] = None
    first: Optional[Variable] = None
    last: Optional[Variable] = None
    for i in range(n + 1):
        name = "v%s" % i
        v = Variable(name)
        if prev is not None:
            EqualityConstraint(prev, v, REQUIRED, planner)
        if i == 0:
            first = v
        if i == n:
            last = v
        prev = v
    assert first is not None and last is not None
    StayConstraint(last, STRONG_DEFAULT, planner)
    edit = EditConstraint(first, PREFERRED, planner)
    edits: List[Constraint] = []
    edits.append(edit)
    plan = planner.extract_plan_from_constraints(edits)
    total = 0
    for i in range(100):
        first.value = i
        plan.execute()
        total += last.value
    return total


def projection_test(n: int) -> int:
    planner = Planner()
    scale = Variable("scale", 10)
    offset = Variable("offset", 1000)
    src: Optional[Variable] = None
    dests: List[Variable] = []
    dst = Variable("dst")
    for i in range(n):
        src = Variable("src%s" % i, i)
        dst = Variable("dst%s" % i, i)
        dests.append(dst)
        StayConstraint(src, NORMAL, planner)
        ScaleConstraint(src, scale, offset, dst, REQUIRED, planner)
    assert src is not None
    total = 0
    for v in (src, dst):
        edit = EditConstraint(v, PREFERRED, planner)
        edits: List[Constraint] = [edit]
        plan = planner.extract_plan_from_constraints(edits)
        for i in range(10):
            v.value = 17 + i
            plan.execute()
        edit.destroy_constraint(planner)
        total += src.value + dst.value
    for d in dests[:50]:
        total += d.value
    return total


def bench(n: int) -> int:
    total = 0
    for _ in range(3):
        total += chain_test(n)
        total += projection_test(n)
    return total


if __name__ == "__main__":
    print(bench(100))
