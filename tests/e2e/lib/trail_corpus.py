"""Writes a multi-file CloudTrail corpus for the tests of parallel and distributed `trail` runs.

Usage: python3 trail_corpus.py DIR [FILES] [EVENTS_PER_FILE]

Deterministic. The events of each principal are spread over many files, so that every detection
that aggregates across events has to combine files: access-denied bursts and failed console
sign-ins that straddle file boundaries, principals moving to new regions, first calls of APIs (GetSecretValue only in the last quarter of the files),
plus per-event detections (policy changes, root activity, logging tampering). Files alternate
between .json.gz and .json; one file is broken (a warning).
"""
import gzip
import json
import os
import random
import sys

ACCOUNT = "111122223333"
USERS = ["alice", "bob", "carol", "dave"]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]
CALLS = [("ec2.amazonaws.com", "DescribeInstances"), ("s3.amazonaws.com", "ListBuckets"),
         ("iam.amazonaws.com", "ListUsers"), ("iam.amazonaws.com", "AttachUserPolicy"),
         ("cloudtrail.amazonaws.com", "StopLogging"), ("lambda.amazonaws.com", "ListFunctions"),
         ("sts.amazonaws.com", "GetCallerIdentity")]


def event(rng, n, t, late):
    user = rng.choice(USERS)
    source, name = rng.choice(CALLS)
    if late and rng.random() < 0.05:
        source, name = "secretsmanager.amazonaws.com", "GetSecretValue"
    e = {"eventVersion": "1.09",
         "userIdentity": {"type": "IAMUser", "arn": f"arn:aws:iam::{ACCOUNT}:user/{user}",
                          "accountId": ACCOUNT, "userName": user},
         "eventTime": f"2026-11-{1 + t // 86400:02d}T{t % 86400 // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}Z",
         "eventSource": source, "eventName": name, "awsRegion": rng.choice(REGIONS),
         "sourceIPAddress": f"198.51.100.{rng.randrange(1, 6)}", "userAgent": "aws-cli/2",
         "eventID": f"ev-{n}", "recipientAccountId": ACCOUNT}
    kind = rng.random()
    if kind < 0.25:
        e["errorCode"] = "AccessDenied"
        e["errorMessage"] = "denied"
    elif kind < 0.32:
        e["eventSource"], e["eventName"] = "signin.amazonaws.com", "ConsoleLogin"
        e["responseElements"] = {"ConsoleLogin": "Failure"}
        e["errorMessage"] = "Failed authentication"
    elif kind < 0.33:
        e["userIdentity"] = {"type": "Root", "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT}
    if e["eventName"] == "AttachUserPolicy":
        e["requestParameters"] = {"userName": user, "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
    return e


def main():
    out = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    rng = random.Random(10)
    os.makedirs(out, exist_ok=True)
    n = 0
    t = 0
    for f in range(files):
        records = []
        for _ in range(per_file):
            t += rng.randrange(1, 8)
            records.append(event(rng, n, t, f >= files * 3 // 4))
            n += 1
        data = json.dumps({"Records": records}).encode()
        name = os.path.join(out, f"{ACCOUNT}_CloudTrail_{f:04d}")
        if f % 2 == 0:
            with gzip.open(name + ".json.gz", "wb") as g:
                g.write(data)
        else:
            with open(name + ".json", "wb") as g:
                g.write(data)
    with open(os.path.join(out, f"{ACCOUNT}_CloudTrail_9999_broken.json"), "w") as g:
        g.write('{"Records": [')


if __name__ == "__main__":
    main()
