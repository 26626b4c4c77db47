#!/usr/bin/env python3
"""Does a solve answer turn on only what its requests need? (issue 19)

    solve-cone.py KSOLVE_ARGV_JSON BASE APPLIED ANSWER REQUEST...

BASE is the base config after the kernel's `make olddefconfig`, APPLIED the
base with the request lines and the answer after `make olddefconfig`,
ANSWER the fragment `ksolve solve` printed. KSOLVE_ARGV_JSON is the ksolve
command line up to the subcommand (binary, --tree, --config), as a JSON
list; this script runs `graph` with it.

The requests' dependency cone D is everything `ksolve graph REQ --down`
reaches from each request's symbol, transitively: what it depends on,
its prompts' and defaults' conditions, range bounds, and what it selects
or implies (with their own cones). A select's `if` condition is not an
edge of the graph, so it is not in D.

A symbol the answer turns on is one that is n (or absent) in BASE and y or
m in APPLIED. It is in the cone when it is in D, or when it is not a line
of the answer and one of the symbols it mentions (`graph SYM --down
--depth 1`) changed between BASE and APPLIED and is itself in the cone (a
consequence of the cone turning on, as IXGBE_HWMON follows IXGBE). Prints
one line per symbol outside the cone and exits 1 when there is any.
"""
import json
import re
import subprocess
import sys

LINE = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$|^# CONFIG_([A-Za-z0-9_]+) is not set$")


def read_config(path):
    values = {}
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if m:
                if m.group(1):
                    values[m.group(1)] = m.group(2)
                else:
                    values[m.group(3)] = "n"
    return values


def graph(argv, sym, depth):
    out = subprocess.run(
        argv + ["--format", "json", "graph", sym, "--down", "--depth", str(depth)],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def main():
    argv = json.loads(sys.argv[1])
    base, applied = read_config(sys.argv[2]), read_config(sys.argv[3])
    answer = read_config(sys.argv[4])
    requests = sys.argv[5:]
    cone = set()
    for r in requests:
        try:
            cone.update(n["symbol"] for n in graph(argv, r, 10000)["nodes"])
        except subprocess.CalledProcessError:
            # A request the tree does not define (a fragment line for an
            # older kernel) has no cone; solve ignores it too.
            print(f"not in this tree: {r}", file=sys.stderr)
    on = lambda v: v in ("y", "m")
    turned_on = sorted(s for s, v in applied.items() if on(v) and not on(base.get(s, "n")))
    changed = {s for s in set(base) | set(applied) if base.get(s, "n") != applied.get(s, "n")}
    allowed = {s for s in turned_on if s in cone}
    outside = [s for s in turned_on if s not in cone]
    mentions = {s: {e["to"] for e in graph(argv, s, 1)["edges"] if e["from"] == s}
                for s in outside if s not in answer}
    # Grow the consequences of the cone until nothing more follows.
    grew = True
    while grew:
        grew = False
        for s, refs in mentions.items():
            if s not in allowed and any(t in changed and (t in cone or t in allowed) for t in refs):
                allowed.add(s)
                grew = True
    bad = [s for s in turned_on if s not in allowed]
    for s in bad:
        why = "a line of the answer" if s in answer else "a consequence of symbols outside the cone"
        print(f"outside the cone: {s}={applied[s]} ({why})")
    print(f"turned on: {len(turned_on)}, in the cone: {len(turned_on) - len(bad)}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
