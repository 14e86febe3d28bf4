"""Runs a command and prints two peak memory figures, in KiB, on one line:

  own=<peak RSS of the command's own process>  tree=<largest peak RSS among it and its descendants>

`tree` is what `/usr/bin/time -v` calls "Maximum resident set size": Linux folds the peak of every
reaped descendant into it, so for `tarmac run` it is usually a task's Python interpreter, not Tarmac.
`own` is the process's VmHWM in /proc, sampled every 10 ms until it exits (it misses only growth in
the last few milliseconds). The command's output goes to /dev/null; a non-zero exit is an error.

Usage: python peak_rss.py COMMAND [ARG...]
"""
import os
import subprocess
import sys
import time


def vm_hwm(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list) -> int:
    if not argv:
        sys.exit(__doc__)
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    own = 0
    while True:
        # WNOWAIT leaves the child a zombie, so the last sample below still sees a live process
        # whenever waitid says it is running.
        info = os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        if info is not None:
            break
        own = max(own, vm_hwm(process.pid))
        time.sleep(0.01)
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"peak_rss: {argv[0]} exited with {code}", file=sys.stderr)
        return 1
    print(f"own={own} tree={usage.ru_maxrss}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
