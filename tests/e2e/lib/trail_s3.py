"""A CloudTrail bucket for the tests of `python3 -m iamwarden.dask` over s3:// prefixes.

Usage:
    python3 trail_s3.py layout FLAT OUT    # moves the corpus FLAT of trail_corpus.py to OUT/AWSLogs/...
    python3 trail_s3.py upload ENDPOINT BUCKET DIR   # creates BUCKET, puts every file under DIR

layout arranges the files of FLAT as S3 delivers them,
AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail_<region>_..., and adds
what a real bucket holds besides: NDJSON files (plain and gzipped), a digest file (to be skipped),
an object that is not an event file (ignored) and keeps the broken file of the corpus (a warning).
upload uses boto3 with several threads; the key of each object is its path relative to DIR.
"""
import concurrent.futures
import gzip
import json
import os
import sys

ACCOUNT = "111122223333"
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]


def layout(flat, out):
    names = sorted(os.listdir(flat))
    for i, name in enumerate(names):
        region = REGIONS[i % len(REGIONS)]
        day = 1 + i * 28 // max(1, len(names))
        folder = os.path.join(out, "AWSLogs", ACCOUNT, "CloudTrail", region, "2026", "11", f"{day:02d}")
        os.makedirs(folder, exist_ok=True)
        suffix = name[name.index("_CloudTrail_") + len("_CloudTrail_"):]
        os.replace(os.path.join(flat, name),
                   os.path.join(folder, f"{ACCOUNT}_CloudTrail_{region}_202611{day:02d}T0000Z_{suffix}"))
    folder = os.path.join(out, "AWSLogs", ACCOUNT, "CloudTrail", "us-east-1", "2026", "11", "29")
    os.makedirs(folder, exist_ok=True)
    root = {"userIdentity": {"type": "Root", "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT},
            "eventTime": "2026-11-29T10:00:00Z", "eventSource": "iam.amazonaws.com", "eventName": "CreateAccessKey",
            "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.9", "userAgent": "console.amazonaws.com",
            "eventID": "ndjson-1", "recipientAccountId": ACCOUNT}
    stop = dict(root, userIdentity={"type": "IAMUser", "arn": f"arn:aws:iam::{ACCOUNT}:user/erin",
                                    "accountId": ACCOUNT, "userName": "erin"},
                eventTime="2026-11-29T10:05:00Z", eventSource="cloudtrail.amazonaws.com", eventName="StopLogging",
                eventID="ndjson-2")
    with open(os.path.join(folder, f"{ACCOUNT}_events_a.jsonl"), "w") as f:
        f.write(json.dumps(root) + "\n")
    with gzip.open(os.path.join(folder, f"{ACCOUNT}_events_b.ndjson.gz"), "wt") as f:
        f.write(json.dumps(stop) + "\n")
    with open(os.path.join(folder, "README.txt"), "w") as f:
        f.write("not an event file\n")
    digest = os.path.join(out, "AWSLogs", ACCOUNT, "CloudTrail-Digest", "us-east-1", "2026", "11", "29")
    os.makedirs(digest, exist_ok=True)
    with gzip.open(os.path.join(digest, f"{ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20261129T1000Z.json.gz"),
                   "wt") as f:
        json.dump({"awsAccountId": ACCOUNT, "digestStartTime": "2026-11-29T09:00:00Z",
                   "digestEndTime": "2026-11-29T10:00:00Z", "logFiles": []}, f)


def upload(endpoint, bucket, directory):
    import boto3  # noqa: PLC0415
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=bucket)
    paths = [os.path.join(r, n) for r, _, ns in os.walk(directory) for n in ns]

    def put(path):
        with open(path, "rb") as f:
            s3.put_object(Bucket=bucket, Key=os.path.relpath(path, directory), Body=f.read())

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(put, paths))
    print(len(paths))


if __name__ == "__main__":
    if sys.argv[1] == "layout":
        layout(sys.argv[2], sys.argv[3])
    else:
        upload(sys.argv[2], sys.argv[3], sys.argv[4])
