"""Time and memory of a build: wall time, CPU time of every process it ran, and the peak
resident memory of its whole process tree (sampled every 50 ms from /proc: compilers
running in parallel add up), plus the peak of its largest single process."""
import os
import resource
import subprocess
import time


def tree_rss_mb(root):
    """Resident memory of root and all its descendants now, in MB (Linux /proc)."""
    children, rss = {}, {}
    page = os.sysconf("SC_PAGE_SIZE")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(pid))
        rss[int(pid)] = int(fields[21]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total / (1 << 20)


def run(cmd, cwd=None, env=None):
    """A dict: returncode, output (stdout and stderr), wall, cpu (s), peak_mb (the
    process tree), largest_mb (one process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.05)
    out = proc.stdout.read()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"returncode": proc.returncode, "output": out, "wall": wall, "cpu": cpu,
            "peak_mb": peak, "largest_mb": after.ru_maxrss / 1024}
