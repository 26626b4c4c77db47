#!/usr/bin/env python3
"""Summarise how two .config files differ, symbol by symbol.

`diff -u` shows what changed in the text; this shows what changed in the
configuration, which is what one needs first when ksolve disagrees with the
kernel: symbols with another value, symbols present in one file only, and,
when every symbol agrees, that only the layout (order, menu comments, header)
differs.

Usage: cfgdiff.py KERNEL_CONFIG KSOLVE_CONFIG   (exit 0 if same symbols/values)
Python 3.11 standard library only.
"""

import re
import sys

SET_RE = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$")
UNSET_RE = re.compile(r"^# CONFIG_([A-Za-z0-9_]+) is not set$")


def read(path):
    values = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = SET_RE.match(line)
            if m:
                values[m.group(1)] = m.group(2)
                continue
            m = UNSET_RE.match(line)
            if m:
                values[m.group(1)] = "is not set"
    return values


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    left_path, right_path = sys.argv[1:]
    left, right = read(left_path), read(right_path)
    changed = sorted(s for s in left.keys() & right.keys() if left[s] != right[s])
    only_left = sorted(left.keys() - right.keys())
    only_right = sorted(right.keys() - left.keys())
    print(f"# left:  {left_path}\n# right: {right_path}")
    for s in changed:
        print(f"changed  CONFIG_{s}: {left[s]} -> {right[s]}")
    for s in only_left:
        print(f"only-left  CONFIG_{s}={left[s]}")
    for s in only_right:
        print(f"only-right CONFIG_{s}={right[s]}")
    total = len(changed) + len(only_left) + len(only_right)
    if total == 0:
        print("same symbols and values; only layout differs (order, comments, header)")
    print(f"# {len(changed)} changed, {len(only_left)} only left, {len(only_right)} only right")
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
