#!/usr/bin/env python3
"""Write a deterministic random Kconfig fragment for the conformance matrix.

The fragment mixes `CONFIG_X=y`, `=m`, `=n` and `# CONFIG_X is not set`
lines on bool/tristate symbols defined in a kernel tree, so that ksolve's
fragment merging and evaluation are exercised on values the base config did
not choose: tristate `m` under `MODULES`, selects forced off, choice members,
and `=m` on bool symbols (which the kernel ignores with a warning).

Symbols are read from the tree's `Kconfig*` files outside `arch/`, plus the
case's own `arch/<SRCARCH>/`; other arches' symbols and the example Kconfig
files under Documentation/kbuild and scripts/kconfig/tests would only add
lines that every config ignores. `--list-symbols --sourced` lists instead
the symbols of the files the top Kconfig sources for SRCARCH (following
`source` lines): the symbols conf knows, against which checkcmp.py judges
an `unknown` answer of `ksolve check` (5.10 riscv does not source
drivers/cpuidle, whose files the first list has). The same (tree, srcarch, seed) always gives
the same fragment: symbol lists are sorted and `random.Random(seed)` is stable
across Python 3 versions for `choice`, `sample` and `shuffle` on a list.

Python 3.11 standard library only.
"""

import argparse
import glob
import os
import random
import re
import sys

CONFIG_RE = re.compile(r"^\s*(?:config|menuconfig)\s+([A-Za-z0-9_]+)\s*$")
# The first type-defining line of an entry tells bool/tristate from the rest.
TYPE_RE = re.compile(r"^\s*(bool|tristate|def_bool|def_tristate|int|hex|string)\b")
# Lines that end a config entry without having declared a type for it.
END_RE = re.compile(
    r"^\s*(config|menuconfig|choice|endchoice|menu|endmenu|if|endif|source|comment|mainmenu)\b"
)

# Weights of the four kinds of line: y, m, n, "is not set".
VALUE_WEIGHTS = (("y", 35), ("m", 20), ("n", 20), ("unset", 25))


SKIP_DIRS = ("Documentation/kbuild", "scripts/kconfig/tests", "tools")
SOURCE_RE = re.compile(r'^\s*(source|osource|rsource|orsource)\s+"?([^"\s]+)"?')


def tree_files(tree, srcarch):
    """Every Kconfig* file outside arch/ and the example directories, plus
    arch/SRCARCH/: what random fragments draw from."""
    for top, dirs, files in os.walk(tree):
        rel = os.path.relpath(top, tree)
        if rel == "arch":
            dirs[:] = [d for d in dirs if d == srcarch]
        if rel.startswith(SKIP_DIRS):
            dirs[:] = []
            continue
        dirs.sort()
        for name in sorted(files):
            if name.startswith("Kconfig"):
                yield os.path.join(top, name)


def sourced_files(tree, srcarch):
    """The Kconfig files the tree's top Kconfig sources for SRCARCH, in
    order: `source`, `osource` (relative to the tree), `rsource`,
    `orsource` (relative to the file), with glob patterns and `$(SRCARCH)`
    / `$(srctree)` substituted; a file sourced under a false `if` is still
    read, as conf reads it."""
    seen = set()
    order = []

    def visit(path):
        real = os.path.realpath(path)
        if real in seen or not os.path.isfile(real):
            return
        seen.add(real)
        order.append(path)
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = SOURCE_RE.match(line)
                if not m:
                    continue
                target = m.group(2).replace("$(SRCARCH)", srcarch).replace("$(srctree)/", "")
                if "$(" in target:
                    continue
                base = os.path.dirname(path) if m.group(1) in ("rsource", "orsource") else tree
                for found in sorted(glob.glob(os.path.join(base, target))):
                    visit(found)

    visit(os.path.join(tree, "Kconfig"))
    return order


def bool_tristate_symbols(files):
    """Names of symbols declared bool or tristate at least once in files."""
    found = set()
    for path in files:
        current = None
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = CONFIG_RE.match(line)
                if m:
                    current = m.group(1)
                    continue
                if current is None:
                    continue
                t = TYPE_RE.match(line)
                if t:
                    if t.group(1) in ("bool", "tristate", "def_bool", "def_tristate"):
                        found.add(current)
                    current = None
                elif END_RE.match(line):
                    current = None
    return sorted(found)


def render(symbol, value):
    if value == "unset":
        return f"# CONFIG_{symbol} is not set"
    return f"CONFIG_{symbol}={value}"


def fragment_lines(symbols, seed, count, duplicates):
    rng = random.Random(seed)
    values = [v for v, _ in VALUE_WEIGHTS]
    weights = [w for _, w in VALUE_WEIGHTS]
    chosen = rng.sample(symbols, count - duplicates)
    lines = [(s, rng.choices(values, weights)[0]) for s in chosen]
    # A few symbols appear twice: a later line replaces an earlier one, as
    # merge_config.sh and conf's reader both do.
    for s in rng.sample(chosen, duplicates):
        lines.append((s, rng.choices(values, weights)[0]))
    rng.shuffle(lines)
    return [render(s, v) for s, v in lines]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tree", required=True)
    p.add_argument("--srcarch", default="x86")
    p.add_argument("--seed", type=int)
    p.add_argument(
        "--symbols-from",
        help="read the symbol list from this file (as written by --list-symbols)",
    )
    p.add_argument(
        "--list-symbols",
        action="store_true",
        help="write the tree's bool/tristate symbols, one a line, and exit",
    )
    p.add_argument(
        "--sourced",
        action="store_true",
        help="with --list-symbols: only files the top Kconfig sources",
    )
    p.add_argument("--lines", type=int, default=40)
    p.add_argument("--duplicates", type=int, default=2)
    p.add_argument("-o", "--output", default="-")
    a = p.parse_args()

    if a.symbols_from:
        with open(a.symbols_from, encoding="utf-8") as f:
            symbols = sorted({line.strip() for line in f if line.strip()})
    else:
        walk = sourced_files if a.sourced else tree_files
        symbols = bool_tristate_symbols(walk(a.tree, a.srcarch))
    if a.list_symbols:
        out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8")
        out.write("".join(s + "\n" for s in symbols))
        out.close()
        return
    if a.seed is None:
        p.error("--seed is required to write a fragment")
    if len(symbols) < a.lines:
        sys.exit(f"random_fragment: only {len(symbols)} symbols found in {a.tree}")
    lines = fragment_lines(symbols, a.seed, a.lines, a.duplicates)
    header = (
        f"# random fragment: seed={a.seed} srcarch={a.srcarch} lines={a.lines}"
        f" tree={os.path.basename(os.path.normpath(a.tree))}\n"
    )
    text = header + "\n".join(lines) + "\n"
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
