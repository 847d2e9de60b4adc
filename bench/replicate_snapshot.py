#!/usr/bin/env python3
"""Writes an account snapshot that replicates every user and role of SOURCE (an
authorization-details.json) N times under new names, keeping the groups and managed policies:
the shape of a real account, N times larger. Usage: replicate_snapshot.py SOURCE N OUTDIR"""
import json
import os
import sys


def main():
    source, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(source) as f:
        d = json.load(f)
    res = {"UserDetailList": [], "GroupDetailList": d.get("GroupDetailList", []),
           "RoleDetailList": [], "Policies": d.get("Policies", [])}
    for i in range(copies):
        suffix = "" if i == 0 else f"-r{i}"
        for u in d.get("UserDetailList", []):
            res["UserDetailList"].append(dict(u, UserName=u["UserName"] + suffix, Arn=u["Arn"] + suffix))
        for r in d.get("RoleDetailList", []):
            res["RoleDetailList"].append(dict(r, RoleName=r["RoleName"] + suffix, Arn=r["Arn"] + suffix))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "authorization-details.json"), "w") as f:
        json.dump(res, f)
    print(f"{len(res['UserDetailList'])} users, {len(res['RoleDetailList'])} roles, "
          f"{len(res['Policies'])} policies -> {out}")


if __name__ == "__main__":
    main()
