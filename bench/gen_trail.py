"""Writes N synthetic CloudTrail events as S3 delivery files (.json.gz) in the AWSLogs layout:
a realistic mix of read calls by roles, some writes, console sign-ins and a few events each
built-in detection reports. Deterministic (seeded). Usage: gen_trail.py DIR N [EVENTS_PER_FILE]"""
import gzip
import json
import os
import random
import sys

out, total = sys.argv[1], int(sys.argv[2])
per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
rng = random.Random(1)
A = "111122223333"
ROLES = [f"app-{i}" for i in range(50)]
USERS = [f"user-{i}" for i in range(20)]
READS = [("s3.amazonaws.com", "GetObject"), ("s3.amazonaws.com", "ListObjects"), ("ec2.amazonaws.com", "DescribeInstances"),
         ("sts.amazonaws.com", "AssumeRole"), ("kms.amazonaws.com", "Decrypt"), ("dynamodb.amazonaws.com", "GetItem"),
         ("lambda.amazonaws.com", "Invoke"), ("logs.amazonaws.com", "PutLogEvents"), ("iam.amazonaws.com", "GetRole")]
RARE = [("iam.amazonaws.com", "AttachRolePolicy"), ("cloudtrail.amazonaws.com", "StopLogging"),
        ("iam.amazonaws.com", "CreateAccessKey"), ("guardduty.amazonaws.com", "DeleteDetector")]


def identity(i):
    if i % 10 == 0:
        u = USERS[i % len(USERS)]
        return {"type": "IAMUser", "principalId": "AIDA" + u, "arn": f"arn:aws:iam::{A}:user/{u}", "accountId": A,
                "accessKeyId": "AKIAEXAMPLE", "userName": u}
    r = ROLES[i % len(ROLES)]
    return {"type": "AssumedRole", "principalId": "AROA" + r + ":s", "arn": f"arn:aws:sts::{A}:assumed-role/{r}/s",
            "accountId": A, "accessKeyId": "ASIAEXAMPLE",
            "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROA" + r, "arn": f"arn:aws:iam::{A}:role/{r}",
                                                 "accountId": A, "userName": r},
                               "attributes": {"creationDate": "2026-11-01T00:00:00Z", "mfaAuthenticated": "false"}}}


def event(i):
    source, name = RARE[(i // 5000) % len(RARE)] if i % 5000 == 0 else READS[rng.randrange(len(READS))]
    t = 1793491200 + i * 2  # 2026-11-01 + 2 s per event
    e = {"eventVersion": "1.09", "userIdentity": identity(i),
         "eventTime": "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(__import__("time").gmtime(t)[:6]),
         "eventSource": source, "eventName": name, "awsRegion": "us-east-1",
         "sourceIPAddress": f"198.51.100.{i % 200}", "userAgent": "aws-sdk-go-v2/1.24.0 os/linux",
         "requestParameters": {"bucketName": "data-bucket", "key": f"objects/{i}.parquet"} if source.startswith("s3") else
         {"userName": "someone-else"} if name == "CreateAccessKey" else {"name": "main"},
         "responseElements": None, "requestID": f"REQ{i:012d}", "eventID": f"00000000-0000-4000-8000-{i:012d}",
         "readOnly": name.startswith(("Get", "List", "Describe")), "eventType": "AwsApiCall", "managementEvent": True,
         "recipientAccountId": A, "eventCategory": "Management",
         "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                        "clientProvidedHostHeader": source.replace(".amazonaws.com", ".us-east-1.amazonaws.com")}}
    if i % 97 == 0:
        e["errorCode"] = "AccessDenied"
        e["errorMessage"] = "User is not authorized to perform this operation"
    return e


written = 0
f = 0
while written < total:
    n = min(per_file, total - written)
    day = 1 + (f // 100) % 28
    d = os.path.join(out, "AWSLogs", A, "CloudTrail", "us-east-1", "2026", "11", "%02d" % day)
    os.makedirs(d, exist_ok=True)
    records = [event(written + k) for k in range(n)]
    with gzip.open(os.path.join(d, f"{A}_CloudTrail_us-east-1_202611{day:02d}T0000Z_{f:06d}.json.gz"), "wt",
                   compresslevel=6) as g:
        json.dump({"Records": records}, g, separators=(",", ":"))
    written += n
    f += 1
