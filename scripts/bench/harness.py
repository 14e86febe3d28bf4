"""Runs benchmark cases side by side and prints one table (scripts/bench/all calls it).

Usage: python harness.py CASES.json RESULTS_DIR

CASES.json is a list of cases:
  {"name": ..., "runs": N, "tarmac": ARGV, "reference": ARGV or null, "reference_label": ...,
   "goal": {"ratio_max": X} or {"seconds_max": X}, "rss_max_mb": X or null, "prepare": ARGV or null,
   "prepare_reference": ARGV or null}
("prepare" runs before each command, "prepare_reference" before each reference command only, untimed.)
Each round runs the case's commands once each, alternating which goes first, so both see the same
load; every command runs under `/usr/bin/time -f %M` for its peak RSS (the largest process of its
tree, as `/usr/bin/time -v` reports it). A command that fails stops the benchmark.
ratio = Tarmac median / reference median (lower is better).
Writes RESULTS_DIR/<name>.json with every time and RSS.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def timed(argv: list, results: str) -> tuple:
    """(wall seconds, peak RSS in KiB, CPU seconds of its tree) of one run of argv; output discarded."""
    rss_file = os.path.join(results, "rss.tmp")
    start = time.perf_counter()
    code = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file] + argv,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
    elapsed = time.perf_counter() - start
    if code != 0:
        sys.exit(f"bench: exit {code}: {' '.join(argv)}")
    with open(rss_file) as file:
        rss, user, system = file.read().split()[-3:]
    return elapsed, int(rss), float(user) + float(system)


def run_case(case: dict, results: str) -> dict:
    sides = [("tarmac", case["tarmac"])] + ([("reference", case["reference"])] if case.get("reference") else [])
    record = {side: {"times": [], "rss_kb": [], "cpu": []} for side, _ in sides}
    for round_index in range(case.get("runs", 5)):
        order = sides if round_index % 2 == 0 else list(reversed(sides))
        for side, argv in order:
            if case.get("prepare"):
                subprocess.run(case["prepare"], check=True, stdout=subprocess.DEVNULL)
            if side == "reference" and case.get("prepare_reference"):
                subprocess.run(case["prepare_reference"], check=True, stdout=subprocess.DEVNULL)
            seconds, rss, cpu = timed(argv, results)
            record[side]["times"].append(seconds)
            record[side]["rss_kb"].append(rss)
            record[side]["cpu"].append(cpu)
        print(f"bench: {case['name']} round {round_index + 1}: "
              + ", ".join(f"{side} {record[side]['times'][-1]:.2f} s" for side, _ in sides), file=sys.stderr)
    with open(os.path.join(results, case["name"] + ".json"), "w") as file:
        json.dump({"case": case, "results": record}, file, indent=1)
    return record


def row(case: dict, record: dict) -> str:
    tarmac = statistics.median(record["tarmac"]["times"])
    rss_mb = max(record["tarmac"]["rss_kb"]) / 1024
    reference = statistics.median(record["reference"]["times"]) if "reference" in record else None
    ratio = tarmac / reference if reference else None
    goal = case["goal"]
    if "ratio_max" in goal:
        goal_text, met = f"<= {goal['ratio_max']:g}x", ratio is not None and ratio <= goal["ratio_max"]
    else:
        goal_text, met = f"<= {goal['seconds_max']:g} s", tarmac <= goal["seconds_max"]
    if case.get("rss_max_mb"):
        goal_text += f", RSS <= {case['rss_max_mb']} MB"
        met = met and rss_mb <= case["rss_max_mb"]
    ref_text = f"{reference:.3f} s" if reference is not None else "-"
    ratio_text = f"{ratio:.3f}" if ratio is not None else "-"
    cpu = statistics.median(record["tarmac"]["cpu"])
    cpu_ref = statistics.median(record["reference"]["cpu"]) if "reference" in record else None
    cpu_text = f"{cpu:.2f} / {cpu_ref:.2f} s" if cpu_ref is not None else f"{cpu:.2f} s"
    ref_label = case.get("reference_label", "")
    return (f"| {case['name']} | {tarmac:.3f} s | {ref_text} ({ref_label}) | {ratio_text} | {goal_text} | "
            f"{'yes' if met else 'NO'} | {rss_mb:.0f} MB | {cpu_text} |")


def main(cases_path: str, results: str) -> None:
    with open(cases_path) as file:
        cases = json.load(file)
    os.makedirs(results, exist_ok=True)
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    rows = []
    for case in cases:
        if only and case["name"] not in only:
            continue
        rows.append(row(case, run_case(case, results)))
    print("| case | Tarmac median | reference median | ratio | goal | met? | Tarmac peak RSS | CPU Tarmac / ref |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("ratio = Tarmac median / reference median (lower is better); peak RSS from /usr/bin/time (max of the process tree);")
    print("CPU = median user+sys seconds of the whole process tree (less sensitive to machine load than wall time).")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
