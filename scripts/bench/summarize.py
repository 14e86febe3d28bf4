"""Prints the benchmark table from the hyperfine JSON files that scripts/bench/run wrote.

Usage: python summarize.py RESULTS_DIR

Reads RESULTS_DIR/<case>-round-<i>.json (one run of each command per round, so tarmac and kfp.local
alternate under the same load), cold.json and loop.json, and rss-<case>.txt ("own=KiB tree=KiB").
"""
import glob
import json
import os
import re
import statistics
import sys


def load(path: str) -> dict:
    with open(path) as file:
        return {result["command"]: result["times"] for result in json.load(file)["results"]}


def rounds(results: str, case: str) -> dict:
    """Command name -> list of times, one per round, in round order."""
    times: dict = {}
    paths = glob.glob(os.path.join(results, f"{case}-round-*.json"))
    for path in sorted(paths, key=lambda p: int(re.search(r"round-(\d+)", p).group(1))):
        for command, values in load(path).items():
            times.setdefault(command, []).extend(values)
    return times


def rss(results: str, case: str) -> str:
    path = os.path.join(results, f"rss-{case}.txt")
    if not os.path.exists(path):
        return ""
    fields = dict(item.split("=") for item in open(path).read().split())
    return f"{int(fields['own']) / 1024:.0f} MB / {int(fields['tree']) / 1024:.0f} MB"


def row(case: str, tarmac: list, reference: list, memory: str) -> str:
    t = statistics.median(tarmac)
    if reference:
        r = statistics.median(reference)
        paired = statistics.median(b / a for a, b in zip(tarmac, reference))
        return f"{case:<26}{t:>9.2f} s{r:>11.2f} s{r / t:>9.1f}x{paired:>9.1f}x   {memory}"
    return f"{case:<26}{t:>9.2f} s{'-':>13}{'-':>10}{'-':>10}   {memory}"


def main(results: str) -> None:
    print(f"{'case':<26}{'tarmac':>11}{'kfp.local':>13}{'ratio':>10}{'paired':>10}   peak RSS tarmac / tree")
    for case, label in [("wide", "wide-20"), ("chain", "chain-20")]:
        times = rounds(results, case)
        if not times:
            continue
        memory = rss(results, case)
        for command, values in times.items():
            if command.startswith("tarmac"):
                name = label + command[len("tarmac"):]
                print(row(name, values, times.get("kfp.local", []), memory))
                memory = ""
    loop = os.path.join(results, "loop.json")
    if os.path.exists(loop):
        for command, values in load(loop).items():
            print(row("loop-1000" + command[len("tarmac"):], values, [], rss(results, "loop")))
    cold = os.path.join(results, "cold.json")
    if os.path.exists(cold):
        for command, values in load(cold).items():
            print(row("wide-20 cold (builds venv)", values, [], ""))
    print("ratio = kfp.local median / tarmac median; paired = median of the per-round ratios.")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
