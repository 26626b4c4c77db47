#!/usr/bin/env python3
"""The check pass of conformance.sh: does `ksolve check` agree with the kernel?

For every request of the fragment (the last line per symbol, as
merge_config.sh leaves it), the kernel "loses" it when the value in the
kernel's olddefconfig output differs from the request (an absent line and
`is not set` are `n`). ksolve loses it when `check` reports it as anything
but ok/redundant. An unknown symbol is compared with the tree's symbol list
instead (the kernel keeps no line for it either way); a symbol the list
lacks but ksolve knows (defined under an `if` of another arch) is compared
by value like any other. The exit status of
`check` must be 1 iff some request is lost.

usage: checkcmp.py FRAGMENT KERNEL_CONFIG CHECK_JSON CHECK_EXIT SYMBOL_LIST
Prints one line: "agree" or "disagree: ..." and exits 0 / 1.
"""
import json
import re
import sys

import cfgdiff

LINE = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$")
NOT_SET = re.compile(r"^# CONFIG_([A-Za-z0-9_]+) is not set$")


def read_config(path):
    """A config's values, `n` for `is not set` (the reading is cfgdiff's)."""
    return {k: ("n" if v == "is not set" else v) for k, v in cfgdiff.read(path).items()}


def read_requests(path):
    """Requests in order; a later line for a symbol replaces the earlier."""
    reqs = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = LINE.match(line) or NOT_SET.match(line)
            if m:
                reqs[m.group(1)] = m.group(2) if m.re is LINE else "n"
    return reqs


def same(requested, got):
    if got is None:
        got = "n"
    if requested[:1] in ("y", "m", "n") and got in ("y", "m", "n"):
        return requested[:1] == got
    return requested == got


def main():
    frag, kernel_cfg, check_json, check_exit, symbols = sys.argv[1:6]
    kernel = read_config(kernel_cfg)
    known = set(open(symbols, encoding="utf-8").read().split())
    reqs = read_requests(frag)
    report = json.load(open(check_json, encoding="utf-8"))
    status = {}
    for r in report["requests"]:
        if r["status"] != "overridden":
            status[r["symbol"]] = r["status"]
    problems = []
    lost_kernel = set()
    for name, value in reqs.items():
        st = status.get(name)
        if st is None:
            problems.append(f"{name}: no finding")
            continue
        if st == "unknown":
            if name in known:
                problems.append(f"{name}: ksolve says unknown, the tree has it")
            lost_kernel.add(name)
            continue
        kernel_lost = not same(value, kernel.get(name))
        if kernel_lost:
            lost_kernel.add(name)
        ksolve_lost = st not in ("ok", "redundant")
        if kernel_lost != ksolve_lost:
            problems.append(f"{name}={value}: kernel {kernel.get(name, 'absent')}, ksolve {st}")
    want_exit = 1 if lost_kernel else 0
    if int(check_exit) != want_exit:
        problems.append(f"exit {check_exit}, expected {want_exit}")
    if problems:
        print("disagree: " + "; ".join(problems[:5]) + (f" (+{len(problems) - 5})" if len(problems) > 5 else ""))
        return 1
    print(f"agree ({len(reqs)} requests, {len(lost_kernel)} lost)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
