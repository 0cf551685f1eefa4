"""Richards: an operating-system task scheduler simulation, written the way typed
benchmark suites for mypyc write it (typing_extensions Final, casts to the task record
subclasses, a base __init__ that subclasses call through the class, state flags first
assigned in a base class and reassigned by subclasses).

bench(n) runs the simulation n times and returns a checksum of the counts."""
from typing import List, Optional, cast
from typing_extensions import Final

DEFAULT_N: Final = 60

I_IDLE: Final = 1
I_WORK: Final = 2
I_HANDLERA: Final = 3
I_HANDLERB: Final = 4
I_DEVA: Final = 5
I_DEVB: Final = 6

K_DEV: Final = 1000
K_WORK: Final = 1001

BUFSIZE: Final = 4
TASKTABSIZE: Final = 10


class Packet(object):
    def __init__(self, link: Optional["Packet"], ident: int, kind: int) -> None:
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFSIZE

    def append_to(self, lst: Optional["Packet"]) -> "Packet":
        self.link = None
        if lst is None:
            return self
        p = lst
        nxt = p.link
        while nxt is not None:
            p = nxt
            nxt = p.link
        p.link = self
        return lst


class TaskRec(object):
    pass


class DeviceTaskRec(TaskRec):
    def __init__(self) -> None:
        self.pending: Optional[Packet] = None


class IdleTaskRec(TaskRec):
    def __init__(self) -> None:
        self.control = 1
        self.count = 10000


class HandlerTaskRec(TaskRec):
    def __init__(self) -> None:
        self.work_in: Optional[Packet] = None
        self.device_in: Optional[Packet] = None

    def work_in_add(self, p: Packet) -> Optional[Packet]:
        self.work_in = p.append_to(self.work_in)
        return self.work_in

    def device_in_add(self, p: Packet) -> Optional[Packet]:
        self.device_in = p.append_to(self.device_in)
        return self.device_in


class WorkerTaskRec(TaskRec):
    def __init__(self) -> None:
        self.destination = I_HANDLERA
        self.count = 0


class TaskState(object):
    def __init__(self) -> None:
        self.packet_pending = True
        self.task_waiting = False
        self.task_holding = False

    def packet_pending_state(self) -> "TaskState":
        self.packet_pending = True
        self.task_waiting = False
        self.task_holding = False
        return self

    def waiting(self) -> "TaskState":
        self.packet_pending = False
        self.task_waiting = True
        self.task_holding = False
        return self

    def running(self) -> "TaskState":
        self.packet_pending = False
        self.task_waiting = False
        self.task_holding = False
        return self

    def waiting_with_packet(self) -> "TaskState":
        self.packet_pending = True
        self.task_waiting = True
        self.task_holding = False
        return self

    def is_packet_pending(self) -> bool:
        return self.packet_pending

    def is_task_waiting(self) -> bool:
        return self.task_waiting

    def is_task_holding(self) -> bool:
        return self.task_holding

    def is_task_holding_or_waiting(self) -> bool:
        return self.task_holding or (not self.packet_pending and self.task_waiting)

    def is_waiting_with_packet(self) -> bool:
        return self.packet_pending and self.task_waiting and not self.task_holding


class TaskWorkArea(object):
    def __init__(self) -> None:
        self.task_tab: List[Optional["Task"]] = [None] * TASKTABSIZE
        self.task_list: Optional["Task"] = None
        self.hold_count = 0
        self.qpkt_count = 0

    def reset(self) -> None:
        self.task_tab = [None] * TASKTABSIZE
        self.task_list = None
        self.hold_count = 0
        self.qpkt_count = 0


task_work_area: Final = TaskWorkArea()


class Task(TaskState):
    def __init__(self, i: int, p: int, w: Optional[Packet], initial_state: TaskState, r: TaskRec) -> None:
        self.link = task_work_area.task_list
        self.ident = i
        self.priority = p
        self.input = w
        self.packet_pending = initial_state.is_packet_pending()
        self.task_waiting = initial_state.is_task_waiting()
        self.task_holding = initial_state.is_task_holding()
        self.handle = r
        task_work_area.task_list = self
        task_work_area.task_tab[i] = self

    def fn(self, pkt: Optional[Packet], r: TaskRec) -> Optional["Task"]:
        raise NotImplementedError

    def add_packet(self, p: Packet, old: "Task") -> "Task":
        if self.input is None:
            self.input = p
            self.packet_pending = True
            if self.priority > old.priority:
                return self
        else:
            p.append_to(self.input)
        return old

    def run_task(self) -> Optional["Task"]:
        if self.is_waiting_with_packet():
            msg = self.input
            assert msg is not None
            self.input = msg.link
            if self.input is None:
                self.running()
            else:
                self.packet_pending_state()
        else:
            msg = None
        return self.fn(msg, self.handle)

    def wait_task(self) -> "Task":
        self.task_waiting = True
        return self

    def hold(self) -> Optional["Task"]:
        task_work_area.hold_count += 1
        self.task_holding = True
        return self.link

    def release(self, i: int) -> "Task":
        t = self.find_tcb(i)
        t.task_holding = False
        if t.priority > self.priority:
            return t
        return self

    def qpkt(self, pkt: Packet) -> "Task":
        t = self.find_tcb(pkt.ident)
        task_work_area.qpkt_count += 1
        pkt.link = None
        pkt.ident = self.ident
        return t.add_packet(pkt, self)

    def find_tcb(self, ident: int) -> "Task":
        t = task_work_area.task_tab[ident]
        if t is None:
            raise Exception("Bad task id %d" % ident)
        return t


class DeviceTask(Task):
    def __init__(self, i: int, p: int, w: Optional[Packet], s: TaskState, r: DeviceTaskRec) -> None:
        Task.__init__(self, i, p, w, s, r)

    def fn(self, pkt: Optional[Packet], r: TaskRec) -> Optional[Task]:
        d = cast(DeviceTaskRec, r)
        if pkt is None:
            pkt = d.pending
            if pkt is None:
                return self.wait_task()
            d.pending = None
            return self.qpkt(pkt)
        d.pending = pkt
        if tracing:
            trace(pkt.datum)
        return self.hold()


class HandlerTask(Task):
    def __init__(self, i: int, p: int, w: Optional[Packet], s: TaskState, r: HandlerTaskRec) -> None:
        Task.__init__(self, i, p, w, s, r)

    def fn(self, pkt: Optional[Packet], r: TaskRec) -> Optional[Task]:
        h = cast(HandlerTaskRec, r)
        if pkt is not None:
            if pkt.kind == K_WORK:
                h.work_in_add(pkt)
            else:
                h.device_in_add(pkt)
        work = h.work_in
        if work is None:
            return self.wait_task()
        count = work.datum
        if count >= BUFSIZE:
            h.work_in = work.link
            return self.qpkt(work)
        dev = h.device_in
        if dev is None:
            return self.wait_task()
        h.device_in = dev.link
        dev.datum = work.data[count]
        work.datum = count + 1
        return self.qpkt(dev)


class IdleTask(Task):
    def __init__(self, i: int, p: int, w: int, s: TaskState, r: IdleTaskRec) -> None:
        Task.__init__(self, i, 0, None, s, r)

    def fn(self, pkt: Optional[Packet], r: TaskRec) -> Optional[Task]:
        i = cast(IdleTaskRec, r)
        i.count -= 1
        if i.count == 0:
            return self.hold()
        elif i.control & 1 == 0:
            i.control //= 2
            return self.release(I_DEVA)
        i.control = i.control // 2 ^ 0xd008
        return self.release(I_DEVB)


A: Final = ord('A')


class WorkTask(Task):
    def __init__(self, i: int, p: int, w: Packet, s: TaskState, r: WorkerTaskRec) -> None:
        Task.__init__(self, i, p, w, s, r)

    def fn(self, pkt: Optional[Packet], r: TaskRec) -> Optional[Task]:
        w = cast(WorkerTaskRec, r)
        if pkt is None:
            return self.wait_task()
        if w.destination == I_HANDLERA:
            dest = I_HANDLERB
        else:
            dest = I_HANDLERA
        w.destination = dest
        pkt.ident = dest
        pkt.datum = 0
        for i in range(BUFSIZE):
            w.count += 1
            if w.count > 26:
                w.count = 1
            pkt.data[i] = A + w.count - 1
        return self.qpkt(pkt)


tracing = False
layout = 0


def trace(a: int) -> None:
    global layout
    layout -= 1
    if layout <= 0:
        print()
        layout = 50
    print(a, end='')


def schedule() -> None:
    t = task_work_area.task_list
    while t is not None:
        if tracing:
            print("tcb =", t.ident)
        if t.is_task_holding_or_waiting():
            t = t.link
        else:
            if tracing:
                trace(ord('0') + t.ident)
            t = t.run_task()


class Richards(object):
    def run(self, iterations: int) -> bool:
        for i in range(iterations):
            task_work_area.reset()
            IdleTask(I_IDLE, 1, 10000, TaskState().running(), IdleTaskRec())

            wkq: Optional[Packet] = Packet(None, 0, K_WORK)
            wkq = Packet(wkq, 0, K_WORK)
            WorkTask(I_WORK, 1000, wkq, TaskState().waiting_with_packet(), WorkerTaskRec())

            wkq = Packet(None, I_DEVA, K_DEV)
            wkq = Packet(wkq, I_DEVA, K_DEV)
            wkq = Packet(wkq, I_DEVA, K_DEV)
            HandlerTask(I_HANDLERA, 2000, wkq, TaskState().waiting_with_packet(), HandlerTaskRec())

            wkq = Packet(None, I_DEVB, K_DEV)
            wkq = Packet(wkq, I_DEVB, K_DEV)
            wkq = Packet(wkq, I_DEVB, K_DEV)
            HandlerTask(I_HANDLERB, 3000, wkq, TaskState().waiting_with_packet(), HandlerTaskRec())

            wkq = None
            DeviceTask(I_DEVA, 4000, wkq, TaskState().waiting(), DeviceTaskRec())
            DeviceTask(I_DEVB, 5000, wkq, TaskState().waiting(), DeviceTaskRec())

            schedule()

            if task_work_area.hold_count == 9297 and task_work_area.qpkt_count == 23246:
                pass
            else:
                return False
        return True


def bench(n: int) -> int:
    r = Richards()
    ok = r.run(n)
    return task_work_area.hold_count * 100000 + task_work_area.qpkt_count * 10 + int(ok)


if __name__ == "__main__":
    print(bench(2))
