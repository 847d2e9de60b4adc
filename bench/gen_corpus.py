#!/usr/bin/env python3
"""Generates a realistic mixed corpus of IAM policies, deterministic by seed, one JSON
document per line: identity policies (scoped, wildcard, conditioned), resource policies
(S3, KMS, SQS), trust policies (service, cross-account, OIDC) and SCPs, with a realistic
share of problems. Usage: gen_corpus.py COUNT SEED > corpus.jsonl"""
import json
import random
import sys

SERVICES = {
    "s3": ["GetObject", "PutObject", "ListBucket", "DeleteObject", "GetBucketPolicy", "PutBucketPolicy"],
    "ec2": ["DescribeInstances", "RunInstances", "TerminateInstances", "CreateTags", "DescribeVpcs"],
    "iam": ["GetUser", "ListRoles", "PassRole", "CreateAccessKey", "AttachRolePolicy", "GetRole"],
    "lambda": ["InvokeFunction", "CreateFunction", "UpdateFunctionCode", "GetFunction"],
    "dynamodb": ["GetItem", "PutItem", "Query", "Scan", "UpdateItem"],
    "sqs": ["SendMessage", "ReceiveMessage", "DeleteMessage", "GetQueueAttributes"],
    "kms": ["Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey"],
    "logs": ["CreateLogGroup", "CreateLogStream", "PutLogEvents"],
    "ssm": ["GetParameter", "GetParametersByPath", "SendCommand"],
    "secretsmanager": ["GetSecretValue", "DescribeSecret"],
    "cloudwatch": ["PutMetricData", "GetMetricData"],
    "sts": ["AssumeRole", "GetCallerIdentity"],
}
ACCOUNT = "111122223333"


def arn(rng, service):
    name = "app-%d" % rng.randint(1, 50)
    return {
        "s3": rng.choice(["arn:aws:s3:::%s" % name, "arn:aws:s3:::%s/*" % name,
                          "arn:aws:s3:::%s/${aws:username}/*" % name]),
        "ec2": "arn:aws:ec2:us-east-1:%s:instance/*" % ACCOUNT,
        "iam": rng.choice(["arn:aws:iam::%s:role/%s" % (ACCOUNT, name),
                           "arn:aws:iam::%s:user/${aws:username}" % ACCOUNT]),
        "lambda": "arn:aws:lambda:us-east-1:%s:function:%s" % (ACCOUNT, name),
        "dynamodb": "arn:aws:dynamodb:us-east-1:%s:table/%s" % (ACCOUNT, name),
        "sqs": "arn:aws:sqs:us-east-1:%s:%s" % (ACCOUNT, name),
        "kms": "arn:aws:kms:us-east-1:%s:key/%08x-0000-4000-8000-%012x" % (ACCOUNT, rng.getrandbits(32), rng.getrandbits(48)),
        "logs": "arn:aws:logs:us-east-1:%s:log-group:/aws/lambda/%s:*" % (ACCOUNT, name),
        "ssm": "arn:aws:ssm:us-east-1:%s:parameter/%s/*" % (ACCOUNT, name),
        "secretsmanager": "arn:aws:secretsmanager:us-east-1:%s:secret:%s-*" % (ACCOUNT, name),
    }.get(service, "*")


def condition(rng):
    return rng.choice([
        {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
        {"Bool": {"aws:SecureTransport": "true"}},
        {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.7"]}},
        {"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}},
        {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}},
        {"ForAnyValue:StringLike": {"aws:TagKeys": ["env", "team*"]}},
        {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}},
    ])


def identity_statement(rng):
    service = rng.choice(list(SERVICES))
    roll = rng.random()
    if roll < 0.04:
        actions, resources = "*", "*"
    elif roll < 0.15:
        actions, resources = "%s:*" % service, "*"
    else:
        picks = rng.sample(SERVICES[service], rng.randint(1, min(4, len(SERVICES[service]))))
        actions = ["%s:%s" % (service, a) for a in picks]
        if rng.random() < 0.2:
            actions.append("%s:Get*" % service)
        resources = [arn(rng, service) for _ in range(rng.randint(1, 3))] if rng.random() < 0.7 else "*"
    st = {"Sid": "S%d" % rng.randint(0, 99999), "Effect": "Allow" if rng.random() < 0.85 else "Deny",
          "Action": actions, "Resource": resources}
    if rng.random() < 0.3:
        st["Condition"] = condition(rng)
    return st


def identity(rng):
    return {"Version": "2012-10-17", "Statement": [identity_statement(rng) for _ in range(rng.randint(1, 6))]}


def resource_policy(rng):
    bucket = "data-%d" % rng.randint(1, 100)
    principal = rng.choice(["*", {"AWS": "arn:aws:iam::444455556666:root"},
                            {"AWS": ["arn:aws:iam::%s:role/reader" % ACCOUNT]},
                            {"Service": "cloudtrail.amazonaws.com"}])
    st = [{"Sid": "Access", "Effect": "Allow", "Principal": principal, "Action": ["s3:GetObject", "s3:PutObject"],
           "Resource": "arn:aws:s3:::%s/*" % bucket}]
    if rng.random() < 0.6:
        st[0]["Condition"] = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    st.append({"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
               "Resource": ["arn:aws:s3:::%s" % bucket, "arn:aws:s3:::%s/*" % bucket],
               "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    return {"Version": "2012-10-17", "Statement": st}


def trust(rng):
    kind = rng.random()
    if kind < 0.5:
        st = {"Effect": "Allow", "Principal": {"Service": rng.choice(["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"])},
              "Action": "sts:AssumeRole"}
    elif kind < 0.8:
        st = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}
        if rng.random() < 0.5:
            st["Condition"] = {"StringEquals": {"sts:ExternalId": "ext-%d" % rng.randint(1, 999)}}
    else:
        st = {"Effect": "Allow",
              "Principal": {"Federated": "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % ACCOUNT},
              "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}
        if rng.random() < 0.7:
            st["Condition"]["StringLike"] = {"token.actions.githubusercontent.com:sub": "repo:example/app:*"}
    return {"Version": "2012-10-17", "Statement": [st]}


def scp(rng):
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
        {"Sid": "ProtectTrail", "Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"],
         "Resource": "*"}]}


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    makers = [(identity, 0.7), (resource_policy, 0.12), (trust, 0.13), (scp, 0.05)]
    for _ in range(count):
        r, acc = rng.random(), 0.0
        for make, share in makers:
            acc += share
            if r <= acc:
                break
        print(json.dumps(make(rng), indent=None if rng.random() < 0.5 else 2).replace("\n", " "))


if __name__ == "__main__":
    main()
