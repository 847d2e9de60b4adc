#!/usr/bin/env python3
"""Runs `iamwarden simulate --request FILE --format json` on every batch file of a generated
directory, compares its decisions with iam-simulate's (iam_simulate_runner.cjs output) and
classifies each disagreement as known (tests/differential/known.json) or unknown.

Usage: compare.py --bin IAMWARDEN --dir DIR --theirs RESULTS.jsonl --known known.json
                  [--report FILE.json] [--show N]
Exit 1 when some disagreement is not known (or a tool failed on generated input), else 0.
"""
import argparse
import collections
import json
import os
import subprocess
import sys


def load_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def known_class(known, tags, ours, theirs):
    """The id of the first known difference that explains this disagreement, or None."""
    for k in known:
        if not set(k["tags"]) <= set(tags):
            continue
        if any(t in tags for t in k.get("unless_tags", [])):
            continue
        if "ours" in k and ours not in k["ours"]:
            continue
        if "theirs" in k and theirs not in k["theirs"]:
            continue
        return k["id"]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--theirs", required=True)
    ap.add_argument("--known", required=True)
    ap.add_argument("--report")
    ap.add_argument("--show", type=int, default=3)
    a = ap.parse_args()

    with open(a.known) as f:
        known = json.load(f)["known"]
    meta = {(m["scenario"], m["index"]): m["tags"] for m in load_jsonl(os.path.join(a.dir, "meta.jsonl"))}
    theirs = {(t["scenario"], t["index"]): t for t in load_jsonl(a.theirs)}

    ours = {}
    tool_errors = []
    for scen in sorted({k[0] for k in meta}):
        p = subprocess.run([a.bin, "simulate", "--request", os.path.join(a.dir, scen), "--format", "json"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            tool_errors.append(f"iamwarden {scen}: rc={p.returncode} {p.stderr.strip()[:300]}")
            continue
        for i, res in enumerate(json.loads(p.stdout)["results"]):
            ours[(scen, i)] = res["decision"]

    total = len(meta)
    agree = 0
    skipped = collections.Counter()
    known_counts = collections.Counter()
    unknown = collections.defaultdict(list)
    for key, tags in sorted(meta.items()):
        t = theirs.get(key)
        if key not in ours:
            skipped["iamwarden error"] += 1
            continue
        if t is None or "error" in t:
            skipped["iam-simulate rejected: " + (t or {}).get("error", "missing")] += 1
            continue
        if t.get("ignored"):
            skipped["iam-simulate ignored context keys"] += 1
            continue
        o, th = ours[key], t["decision"]
        if o == th:
            agree += 1
            continue
        kid = known_class(known, tags, o, th)
        if kid:
            known_counts[kid] += 1
        else:
            cls = f"ours={o} theirs={th} " + " ".join(x for x in tags if x.startswith("principal-"))
            unknown[cls].append(key)

    compared = total - sum(skipped.values())
    print(f"requests: {total}  compared: {compared}  agree: {agree}  "
          f"known differences: {sum(known_counts.values())}  unknown: {sum(len(v) for v in unknown.values())}")
    for k, n in sorted(skipped.items()):
        print(f"  skipped ({k}): {n}")
    for k, n in sorted(known_counts.items()):
        print(f"  known {k}: {n}")
    for cls, keys in sorted(unknown.items(), key=lambda kv: -len(kv[1])):
        print(f"  UNKNOWN {cls}: {len(keys)}")
        for scen, i in keys[: a.show]:
            print(f"    {os.path.join(a.dir, scen)} request {i}  tags={','.join(meta[(scen, i)])}")
    for e in tool_errors:
        print("  TOOL ERROR " + e)
    if a.report:
        with open(a.report, "w") as f:
            json.dump({"requests": total, "compared": compared, "agree": agree, "skipped": skipped,
                       "known": known_counts, "unknown": {k: len(v) for k, v in unknown.items()},
                       "tool_errors": tool_errors}, f, indent=1)
    return 1 if unknown or tool_errors else 0


if __name__ == "__main__":
    sys.exit(main())
