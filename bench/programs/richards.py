"""A Richards-style operating-system simulation: six tasks (idle, worker, two handlers,
two devices) pass packets through a priority scheduler. Exercises classes with
annotated attributes, subclassing with an overridden method, Optional links and
method calls on objects.

bench(n) runs the simulation until the idle task has run n times and returns a
checksum of the number of packets sent, the number of holds and the data the
devices received."""
from typing import Final, List, Optional

DEFAULT_N: Final = 250000

I_IDLE: Final = 0
I_WORKER: Final = 1
I_HANDLER_A: Final = 2
I_HANDLER_B: Final = 3
I_DEVICE_A: Final = 4
I_DEVICE_B: Final = 5
N_TASKS: Final = 6

K_DEVICE: Final = 0
K_WORK: Final = 1
DATA_SIZE: Final = 4
MOD: Final = (1 << 61) - 1


class Packet:
    link: Optional["Packet"]
    sender: int
    kind: int
    count: int
    data: List[int]

    def __init__(self, link: Optional["Packet"], sender: int, kind: int) -> None:
        self.link = link
        self.sender = sender
        self.kind = kind
        self.count = 0
        self.data = [0] * DATA_SIZE


def append_packet(pkt: Packet, queue: Optional[Packet]) -> Packet:
    pkt.link = None
    if queue is None:
        return pkt
    last = queue
    nxt = last.link
    while nxt is not None:
        last = nxt
        nxt = last.link
    last.link = pkt
    return queue


class Task:
    next_task: Optional["Task"]
    ident: int
    priority: int
    inbox: Optional[Packet]
    pending: bool
    waiting: bool
    held: bool
    sched: "Scheduler"

    def __init__(self, sched: "Scheduler", ident: int, priority: int,
                 inbox: Optional[Packet], waiting: bool) -> None:
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.inbox = inbox
        self.pending = inbox is not None
        self.waiting = waiting
        self.held = False
        self.next_task = sched.task_list
        sched.task_list = self
        sched.tasks[ident] = self

    def run(self, pkt: Optional[Packet]) -> Optional["Task"]:
        raise NotImplementedError


class Scheduler:
    tasks: List[Optional[Task]]
    task_list: Optional[Task]
    current: Optional[Task]
    queue_count: int
    hold_count: int
    output: int

    def __init__(self) -> None:
        self.tasks = [None] * N_TASKS
        self.task_list = None
        self.current = None
        self.queue_count = 0
        self.hold_count = 0
        self.output = 0

    def task(self, ident: int) -> Task:
        t = self.tasks[ident]
        assert t is not None
        return t

    def me(self) -> Task:
        t = self.current
        assert t is not None
        return t

    def schedule(self) -> None:
        t = self.task_list
        while t is not None:
            if t.held or (t.waiting and not t.pending):
                t = t.next_task
                continue
            self.current = t
            pkt: Optional[Packet] = None
            if t.waiting:
                # waiting with a packet: hand over the first one
                pkt = t.inbox
                assert pkt is not None
                t.inbox = pkt.link
                t.pending = t.inbox is not None
                t.waiting = False
            t = t.run(pkt)

    def wait(self) -> Optional[Task]:
        me = self.me()
        me.waiting = True
        return me

    def hold_self(self) -> Optional[Task]:
        me = self.me()
        self.hold_count += 1
        me.held = True
        return me.next_task

    def release(self, ident: int) -> Optional[Task]:
        me = self.me()
        t = self.task(ident)
        t.held = False
        if t.priority > me.priority:
            return t
        return me

    def send(self, pkt: Packet, dest: int) -> Optional[Task]:
        me = self.me()
        t = self.task(dest)
        self.queue_count += 1
        pkt.link = None
        pkt.sender = me.ident
        if t.inbox is None:
            t.inbox = pkt
            t.pending = True
            if t.priority > me.priority:
                return t
        else:
            t.inbox = append_packet(pkt, t.inbox)
        return me


class IdleTask(Task):
    seed: int
    remaining: int

    def __init__(self, sched: Scheduler, remaining: int) -> None:
        super().__init__(sched, I_IDLE, 0, None, False)
        self.seed = 1
        self.remaining = remaining

    def run(self, pkt: Optional[Packet]) -> Optional[Task]:
        self.remaining -= 1
        if self.remaining == 0:
            return self.sched.hold_self()
        if self.seed & 1 == 0:
            self.seed = self.seed >> 1
            return self.sched.release(I_DEVICE_A)
        self.seed = (self.seed >> 1) ^ 0xD008
        return self.sched.release(I_DEVICE_B)


class WorkerTask(Task):
    dest: int
    letter: int

    def __init__(self, sched: Scheduler, inbox: Optional[Packet]) -> None:
        super().__init__(sched, I_WORKER, 1000, inbox, True)
        self.dest = I_HANDLER_A
        self.letter = 0

    def run(self, pkt: Optional[Packet]) -> Optional[Task]:
        if pkt is None:
            return self.sched.wait()
        if self.dest == I_HANDLER_A:
            self.dest = I_HANDLER_B
        else:
            self.dest = I_HANDLER_A
        pkt.count = 0
        for i in range(DATA_SIZE):
            self.letter += 1
            if self.letter > 26:
                self.letter = 1
            pkt.data[i] = self.letter
        return self.sched.send(pkt, self.dest)


class HandlerTask(Task):
    device: int
    work: Optional[Packet]
    devices: Optional[Packet]

    def __init__(self, sched: Scheduler, ident: int, priority: int, device: int,
                 inbox: Optional[Packet]) -> None:
        super().__init__(sched, ident, priority, inbox, True)
        self.device = device
        self.work = None
        self.devices = None

    def run(self, pkt: Optional[Packet]) -> Optional[Task]:
        if pkt is not None:
            if pkt.kind == K_WORK:
                self.work = append_packet(pkt, self.work)
            else:
                self.devices = append_packet(pkt, self.devices)
        work = self.work
        if work is not None:
            if work.count >= DATA_SIZE:
                self.work = work.link
                return self.sched.send(work, I_WORKER)
            dev = self.devices
            if dev is not None:
                self.devices = dev.link
                dev.count = work.data[work.count]
                work.count += 1
                return self.sched.send(dev, self.device)
        return self.sched.wait()


class DeviceTask(Task):
    holding: Optional[Packet]

    def __init__(self, sched: Scheduler, ident: int, priority: int) -> None:
        super().__init__(sched, ident, priority, None, True)
        self.holding = None

    def run(self, pkt: Optional[Packet]) -> Optional[Task]:
        if pkt is None:
            held = self.holding
            if held is None:
                return self.sched.wait()
            self.holding = None
            return self.sched.send(held, held.sender)
        self.holding = pkt
        self.sched.output = (self.sched.output * 31 + pkt.count + self.ident) % MOD
        return self.sched.hold_self()


def bench(n: int) -> int:
    sched = Scheduler()
    IdleTask(sched, n)
    work = Packet(None, 0, K_WORK)
    work = Packet(work, 0, K_WORK)
    WorkerTask(sched, work)
    devs = Packet(None, I_DEVICE_A, K_DEVICE)
    devs = Packet(devs, I_DEVICE_A, K_DEVICE)
    devs = Packet(devs, I_DEVICE_A, K_DEVICE)
    HandlerTask(sched, I_HANDLER_A, 2000, I_DEVICE_A, devs)
    devs = Packet(None, I_DEVICE_B, K_DEVICE)
    devs = Packet(devs, I_DEVICE_B, K_DEVICE)
    devs = Packet(devs, I_DEVICE_B, K_DEVICE)
    HandlerTask(sched, I_HANDLER_B, 3000, I_DEVICE_B, devs)
    DeviceTask(sched, I_DEVICE_A, 4000)
    DeviceTask(sched, I_DEVICE_B, 5000)
    sched.schedule()
    return ((sched.queue_count * 1000003 + sched.hold_count) * 1000003 + sched.output) % MOD
