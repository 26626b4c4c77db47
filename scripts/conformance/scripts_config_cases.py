#!/usr/bin/env python3
"""Random scripts/config command sequences for the ksolve-config conformance
pass: one case per line, its name and then its arguments quoted for the
shell (so empty strings and blanks survive `eval`). Names are drawn from the base
config's own lines (present set, present unset) and from names it lacks, in
mixed case and with and without the CONFIG_ prefix; values include blanks,
quotes, `&` and backslashes, which sed's replacement treats specially."""

import argparse
import random
import re
import shlex
import sys

OPS = ["-e", "--enable", "-d", "--disable", "-m", "--module", "--set-str", "--set-val",
       "-u", "--undefine", "-s", "--state", "-E", "--enable-after", "-D", "--disable-after",
       "-M", "--module-after", "-k", "--keep-case"]
VALUES = ["0", "64", "0x1000", "-1", "", "y", "two words", 'say "hi"', "a&b", "back\\slash",
          "x$y", "50%", "  padded  "]


def names_of(config):
    present, unset = [], []
    for line in config.splitlines():
        m = re.match(r"CONFIG_([A-Za-z0-9_]+)=", line)
        if m:
            present.append(m.group(1))
        m = re.match(r"# CONFIG_([A-Za-z0-9_]+) is not set", line)
        if m:
            unset.append(m.group(1))
    return present, unset


def pick_name(rng, present, unset):
    roll = rng.random()
    if roll < 0.45 and present:
        n = rng.choice(present)
    elif roll < 0.75 and unset:
        n = rng.choice(unset)
    else:
        n = "KSOLVE_TEST_%d" % rng.randrange(6)
    style = rng.random()
    if style < 0.15:
        n = n.lower()
    if rng.random() < 0.2:
        n = "CONFIG_" + n
    return n


def sequence(rng, present, unset, bad):
    args = []
    for _ in range(rng.randint(1, 7)):
        op = rng.choice(OPS)
        args.append(op)
        if op in ("-k", "--keep-case"):
            continue
        if op in ("-E", "--enable-after", "-D", "--disable-after", "-M", "--module-after"):
            args.append(pick_name(rng, present, unset))
        args.append(pick_name(rng, present, unset))
        if op in ("--set-str", "--set-val"):
            args.append(rng.choice(VALUES))
    if rng.random() < 0.3:
        args.extend(["-s", pick_name(rng, present, unset)])
    if bad and rng.random() < 0.5:
        at = rng.randrange(len(args) + 1)
        args.insert(at, rng.choice(["bogus", "-x", "--nope"]))
    elif bad:
        args = args[: rng.randrange(len(args) + 1)] + [rng.choice(["-e", "-E", "--set-str"])]
    return args


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-n", type=int, default=100)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    present, unset = names_of(open(a.config, encoding="utf-8", errors="replace").read())
    out = sys.stdout
    for i in range(a.n):
        args = sequence(rng, present, unset, bad=(i % 10 == 9))
        out.write("case%03d %s\n" % (i, " ".join(shlex.quote(w) for w in args)))


if __name__ == "__main__":
    main()
