#!/usr/bin/env python3
"""One source's section of docs/bump-*.md: the requests `ksolve bump`
calls removed, with the candidates and evidence of its JSON.

    removed-options.py TITLE BUMP_JSON
"""
import json
import sys


def evidence(e):
    k = e["kind"]
    if "score" in e:
        return f"{k} {e['score']:.2f}"
    if "objects" in e:
        return f"{k} ({', '.join(e['objects'])})"
    if k == "users-moved":
        return f"{k} ({e['users']} of {e['of']} users)"
    return k


def candidate(c):
    text = f"`{c['symbol']}` ({c['file']}:{c['line']}): " + "; ".join(evidence(e) for e in c["evidence"])
    auto = c.get("automatic")
    if auto:
        by = ", ".join(auto["selected_by"])
        more = auto["count"] - len(auto["selected_by"])
        text += f"; **automatic**, selected by {by}" + (f" and {more} more" if more > 0 else "")
    return text


def main():
    title, path = sys.argv[1], sys.argv[2]
    d = json.load(open(path))
    removed = {}
    for s in d["symbols"]:
        for c in s["changes"]:
            if c["kind"] == "removed":
                removed[s["symbol"]] = c
    rows = [r for r in d["requests"] if r["verdict"] == "removed"]
    print(f"## {title}: {len(rows)} removed of {len(d['requests'])} requests")
    print()
    if not rows:
        return
    print("| option | value | line | successor candidates (evidence) |")
    print("|---|---|---|---|")
    found = 0
    for r in rows:
        c = removed.get(r["symbol"], {})
        cands = c.get("candidates", [])
        found += bool(cands)
        note = "transitional in the new tree; " if c.get("transitional") else ""
        text = note + ("<br>".join(candidate(x) for x in cands) or "none found")
        print(f"| `{r['symbol']}` | {r['value']} | {r['line']} | {text} |")
    print()
    print(f"A successor was found for {found} of {len(rows)}.")
    print()


if __name__ == "__main__":
    main()
