#!/usr/bin/env python3
"""Small helpers for scripts/bench-vs-conf.sh. Python 3.11 stdlib only.

  benchtool.py conf-env STRACE_LOG OUT_ENV
      From `strace -f -v -s 65536 -e trace=execve make ... olddefconfig`,
      write the environment make gave scripts/kconfig/conf (NUL-separated
      NAME=VALUE) and print conf's argv, one word a line.
  benchtool.py peak-rss CMD...
      Run CMD and print the peak resident set (VmHWM, KiB) of CMD's own
      process, polled from /proc every 2 ms. Unlike GNU time's "Maximum
      resident set size", this excludes children: conf's compiler probes
      (cc1 is larger than conf) would otherwise be reported as conf's peak.
  benchtool.py stats JSON
      Print "mean_ms stddev_ms min_ms runs" from a hyperfine --export-json file.
"""

import codecs
import json
import re
import subprocess
import sys
import time

EXECVE_RE = re.compile(r'execve\("(?:[^"\\]|\\.)*scripts/kconfig/conf", \[(.*?)\], \[(.*)\]')
STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unescape(s):
    return codecs.escape_decode(s.encode("latin-1"))[0]


def conf_env(log_path, out_path):
    with open(log_path, encoding="latin-1") as f:
        for line in f:
            m = EXECVE_RE.search(line)
            if m:
                argv = [unescape(s) for s in STRING_RE.findall(m.group(1))]
                env = [unescape(s) for s in STRING_RE.findall(m.group(2))]
                break
        else:
            sys.exit("benchtool: no execve of scripts/kconfig/conf in " + log_path)
    with open(out_path, "wb") as f:
        f.write(b"".join(e + b"\0" for e in env))
    for a in argv:
        print(a.decode("latin-1"))


def peak_rss(cmd):
    proc = subprocess.Popen(cmd)
    status = f"/proc/{proc.pid}/status"
    peak = 0
    while proc.poll() is None:
        try:
            with open(status) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
        time.sleep(0.002)
    if proc.returncode != 0:
        sys.exit(f"benchtool: {cmd[0]} exited {proc.returncode}")
    print(peak)


def stats(path):
    with open(path) as f:
        r = json.load(f)["results"][0]
    print(f'{r["mean"]*1000:.1f} {(r["stddev"] or 0)*1000:.1f} {r["min"]*1000:.1f} {len(r["times"])}')


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "conf-env" and len(args) == 2:
        conf_env(*args)
    elif cmd == "peak-rss":
        peak_rss(args)
    elif cmd == "stats" and len(args) == 1:
        stats(args[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
