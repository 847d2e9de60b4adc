#!/usr/bin/env python3
"""Generates the input of the simulate benchmark (bench/simulate_batch.sh), deterministic by
seed: one realistic policy set and COUNT requests against it.

Policy set: four identity policies of several KB each (S3 data lake with prefix and tag
conditions, EC2 operations gated on region, resource tags and MFA age, application services with
request tags and tag keys, a guardrail Deny outside the corporate networks and without MFA), a
permissions boundary, two SCP levels (FullAWSAccess, a region guard and a deny list) and an S3
bucket policy (TLS only, VPC endpoint, cross-account partner read).

Requests: users and role sessions of two accounts calling S3, EC2, DynamoDB, SQS, SNS, Lambda,
KMS, Secrets Manager, IAM and STS actions, each with a realistic context: source IP (corporate
ranges, VPN, the internet), MFA and its age, current time, region, TLS, principal and resource
tags, sometimes request tags and tag keys or a VPC endpoint.

Usage: gen_simulate_batch.py COUNT OUTDIR [SEED]
Writes OUTDIR/batch.json (contracts §4 batch form: the policies and a "requests" array, one
request per line), OUTDIR/policies.json (the same policies, no requests: the base file of the
NDJSON form) and OUTDIR/requests.ndjson (the same requests, one per line)."""
import json
import os
import random
import sys

A, B = "111122223333", "444455556666"
REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"]
CORP = ["10.0.0.0/8", "172.16.0.0/12", "192.0.2.0/24", "198.51.100.0/24", "2001:db8:1234::/48"]
TEAMS = ["data", "platform", "payments", "web", "security"]
PROJECTS = ["atlas", "borealis", "comet", "delta", "ember", "fjord"]
ENVS = ["prod", "staging", "dev"]


def stmt(sid, effect, actions, resources, condition=None, not_action=False):
    s = {"Sid": sid, "Effect": effect, ("NotAction" if not_action else "Action"): actions,
         "Resource": resources}
    if condition:
        s["Condition"] = condition
    return s


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def data_lake_policy():
    buckets = ["analytics-raw", "analytics-curated", "ml-features", "finance-reports", "web-assets"]
    statements = []
    for b in buckets:
        statements.append(stmt("List" + b.title().replace("-", ""), "Allow", ["s3:ListBucket", "s3:ListBucketVersions"],
                               "arn:aws:s3:::%s-%s" % (b, A),
                               {"StringLike": {"s3:prefix": ["", "shared/*", "${aws:PrincipalTag/team}/*",
                                                             "projects/${aws:PrincipalTag/project}/*"]}}))
        statements.append(stmt("Read" + b.title().replace("-", ""), "Allow",
                               ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectAcl"],
                               ["arn:aws:s3:::%s-%s/shared/*" % (b, A),
                                "arn:aws:s3:::%s-%s/${aws:PrincipalTag/team}/*" % (b, A),
                                "arn:aws:s3:::%s-%s/projects/${aws:PrincipalTag/project}/*" % (b, A)],
                               {"IpAddress": {"aws:SourceIp": CORP},
                                "DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}))
        statements.append(stmt("Write" + b.title().replace("-", ""), "Allow",
                               ["s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload"],
                               ["arn:aws:s3:::%s-%s/${aws:PrincipalTag/team}/*" % (b, A),
                                "arn:aws:s3:::%s-%s/projects/${aws:PrincipalTag/project}/*" % (b, A)],
                               {"Bool": {"aws:MultiFactorAuthPresent": "true", "aws:SecureTransport": "true"},
                                "StringEquals": {"aws:RequestedRegion": REGIONS[:3]},
                                "DateGreaterThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}}))
    statements.append(stmt("TaggedObjects", "Allow", ["s3:GetObject", "s3:DeleteObject"], "arn:aws:s3:::*/*",
                           {"StringEquals": {"s3:ExistingObjectTag/project": "${aws:PrincipalTag/project}"}}))
    return doc(*statements)


def compute_policy():
    ec2_read = ["ec2:Describe*", "ec2:GetConsoleOutput", "ec2:GetLaunchTemplateData", "elasticloadbalancing:Describe*",
                "autoscaling:Describe*", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics"]
    ops = ["ec2:StartInstances", "ec2:StopInstances", "ec2:RebootInstances", "ec2:CreateSnapshot",
           "ec2:CreateTags", "ec2:ModifyInstanceAttribute", "ssm:StartSession", "ssm:SendCommand"]
    statements = [stmt("Describe", "Allow", ec2_read, "*", {"StringEquals": {"aws:RequestedRegion": REGIONS}})]
    for env in ENVS:
        cond = {"StringEquals": {"aws:ResourceTag/env": env, "aws:ResourceTag/team": "${aws:PrincipalTag/team}"},
                "IpAddress": {"aws:SourceIp": CORP}}
        if env == "prod":
            cond["NumericLessThan"] = {"aws:MultiFactorAuthAge": "3600"}
            cond["Bool"] = {"aws:MultiFactorAuthPresent": "true"}
        statements.append(stmt("Operate" + env.title(), "Allow", ops,
                               ["arn:aws:ec2:*:%s:instance/*" % A, "arn:aws:ec2:*:%s:volume/*" % A,
                                "arn:aws:ssm:*:%s:document/AWS-*" % A], cond))
    statements.append(stmt("Launch", "Allow", ["ec2:RunInstances"],
                           ["arn:aws:ec2:*:%s:instance/*" % A, "arn:aws:ec2:*::image/ami-*",
                            "arn:aws:ec2:*:%s:subnet/*" % A, "arn:aws:ec2:*:%s:network-interface/*" % A,
                            "arn:aws:ec2:*:%s:security-group/*" % A, "arn:aws:ec2:*:%s:volume/*" % A],
                           {"StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}",
                                             "aws:RequestedRegion": REGIONS[:2]},
                            "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "project", "env", "Name"]}}))
    statements.append(stmt("NoProdTerminate", "Deny", ["ec2:TerminateInstances", "ec2:DeleteVolume"], "*",
                           {"StringEquals": {"aws:ResourceTag/env": "prod"}}))
    return doc(*statements)


def app_policy():
    statements = []
    for project in PROJECTS:
        statements.append(stmt("Tables" + project.title(), "Allow",
                               ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                                "dynamodb:UpdateItem", "dynamodb:DescribeTable"],
                               ["arn:aws:dynamodb:*:%s:table/%s-*" % (A, project),
                                "arn:aws:dynamodb:*:%s:table/%s-*/index/*" % (A, project)],
                               {"StringEquals": {"aws:PrincipalTag/project": project}}))
        statements.append(stmt("Messaging" + project.title(), "Allow",
                               ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                                "sns:Publish"],
                               ["arn:aws:sqs:*:%s:%s-*" % (A, project), "arn:aws:sns:*:%s:%s-*" % (A, project)],
                               {"StringEquals": {"aws:PrincipalTag/project": project},
                                "StringEqualsIfExists": {"aws:RequestedRegion": REGIONS[:3]}}))
    statements.append(stmt("Functions", "Allow", ["lambda:InvokeFunction", "lambda:GetFunction"],
                           "arn:aws:lambda:*:%s:function:${aws:PrincipalTag/project}-*" % A))
    statements.append(stmt("Secrets", "Allow", ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                           "arn:aws:secretsmanager:*:%s:secret:${aws:PrincipalTag/project}/*" % A,
                           {"StringEquals": {"secretsmanager:ResourceTag/team": "${aws:PrincipalTag/team}"},
                            "Bool": {"aws:SecureTransport": "true"}}))
    statements.append(stmt("Keys", "Allow", ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                           "arn:aws:kms:*:%s:key/*" % A,
                           {"ForAnyValue:StringEquals": {"kms:ResourceAliases": ["alias/app", "alias/data"]},
                            "StringEquals": {"kms:ViaService": ["s3.us-east-1.amazonaws.com",
                                                                "dynamodb.us-east-1.amazonaws.com"]}}))
    statements.append(stmt("Self", "Allow", ["iam:GetUser", "iam:ListAccessKeys", "iam:CreateAccessKey",
                                             "iam:ChangePassword", "iam:ListMFADevices"],
                           "arn:aws:iam::%s:user/${aws:username}" % A))
    return doc(*statements)


def guardrail_policy():
    return doc(
        stmt("DenyOutsideCorp", "Deny", "*", "*",
             {"NotIpAddress": {"aws:SourceIp": CORP},
              "Bool": {"aws:ViaAWSService": "false"},
              "StringNotEqualsIfExists": {"aws:SourceVpce": ["vpce-0a1b2c3d", "vpce-4e5f6a7b"]}}),
        stmt("DenyIamWithoutMfa", "Deny", ["iam:*", "sts:AssumeRole"], "*",
             {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}),
        stmt("DenyOldSessions", "Deny", "*", "*",
             {"DateLessThan": {"aws:TokenIssueTime": "2025-06-01T00:00:00Z"}}),
        stmt("DenyUntaggedCreate", "Deny", ["dynamodb:CreateTable", "sqs:CreateQueue", "sns:CreateTopic"], "*",
             {"Null": {"aws:RequestTag/project": "true"}}),
        stmt("AssumeProjectRoles", "Allow", "sts:AssumeRole", "arn:aws:iam::*:role/${aws:PrincipalTag/project}-*",
             {"StringEquals": {"aws:ResourceAccount": [A, B]}}),
    )


def boundary_policy():
    return doc(
        stmt("Services", "Allow", ["s3:*", "ec2:*", "dynamodb:*", "sqs:*", "sns:*", "lambda:*", "kms:*",
                                   "secretsmanager:*", "ssm:*", "cloudwatch:*", "elasticloadbalancing:*",
                                   "autoscaling:*", "sts:AssumeRole", "iam:Get*", "iam:List*",
                                   "iam:CreateAccessKey", "iam:ChangePassword"], "*"),
        stmt("NoBoundaryEscape", "Deny", ["iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
                                          "iam:PutUserPermissionsBoundary", "iam:PutRolePermissionsBoundary"], "*"),
    )


def scps():
    full = doc(stmt("FullAWSAccess", "Allow", "*", "*"))
    region = doc(stmt("RegionGuard", "Deny", ["iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*"],
                      "*", {"StringNotEquals": {"aws:RequestedRegion": REGIONS}}, not_action=True))
    deny = doc(
        stmt("ProtectAudit", "Deny", ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "config:DeleteConfigRule",
                                      "guardduty:DeleteDetector"], "*",
             {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/SecurityAdmin"}}),
        stmt("NoRoot", "Deny", "*", "*", {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}),
        stmt("NoLeave", "Deny", "organizations:LeaveOrganization", "*"))
    return [[full], [full, region, deny]]


def bucket_policy():
    bucket = "arn:aws:s3:::analytics-raw-%s" % A
    return doc(
        stmt("TlsOnly", "Deny", "s3:*", [bucket, bucket + "/*"], {"Bool": {"aws:SecureTransport": "false"}}) |
        {"Principal": "*"},
        stmt("PartnerRead", "Allow", ["s3:GetObject", "s3:ListBucket"], [bucket, bucket + "/shared/*"],
             {"StringEquals": {"aws:PrincipalOrgID": "o-partner1234"}}) | {"Principal": {"AWS": "arn:aws:iam::%s:root" % B}},
        stmt("VpceOnlyWrites", "Deny", ["s3:PutObject", "s3:DeleteObject"], bucket + "/*",
             {"StringNotEqualsIfExists": {"aws:SourceVpce": ["vpce-0a1b2c3d", "vpce-4e5f6a7b"]},
              "Bool": {"aws:ViaAWSService": "false"}}) | {"Principal": "*"},
    )


def policy_set():
    return {"identity_policies": [data_lake_policy(), compute_policy(), app_policy(), guardrail_policy()],
            "permission_boundary": boundary_policy(), "session_policies": [],
            "resource_policy": bucket_policy(), "scps": scps(), "rcps": []}


def principals(rng):
    out = []
    for i in range(40):
        team, project = rng.choice(TEAMS), rng.choice(PROJECTS)
        account = A if i < 34 else B
        if i % 3 == 0:
            arn = "arn:aws:sts::%s:assumed-role/%s-%s/session-%d" % (account, project, team, i)
        else:
            arn = "arn:aws:iam::%s:user/%s.%d" % (account, team, i)
        out.append((arn, team, project))
    return out


def target(rng, project, team):
    region = rng.choice(REGIONS)
    bucket = "%s-%s" % (rng.choice(["analytics-raw", "analytics-curated", "ml-features", "finance-reports",
                                     "web-assets"]), A)
    key = rng.choice(["shared/report-%d.csv" % rng.randint(1, 999), "%s/part-%05d.parquet" % (team, rng.randint(0, 99999)),
                      "projects/%s/model-%d.bin" % (project, rng.randint(1, 50)), "tmp/x%d" % rng.randint(1, 9)])
    choice = rng.randrange(12)
    if choice < 4:
        action = rng.choice(["s3:GetObject", "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging"])
        return action, "arn:aws:s3:::%s/%s" % (bucket, key), region
    if choice == 4:
        return "s3:ListBucket", "arn:aws:s3:::" + bucket, region
    if choice == 5:
        action = rng.choice(["ec2:DescribeInstances", "ec2:StartInstances", "ec2:StopInstances",
                             "ec2:TerminateInstances", "ec2:RunInstances"])
        if action == "ec2:DescribeInstances":
            return action, "*", region
        return action, "arn:aws:ec2:%s:%s:instance/i-%017x" % (region, A, rng.getrandbits(68)), region
    if choice == 6:
        p = project if rng.random() < 0.7 else rng.choice(PROJECTS)
        return (rng.choice(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteTable"]),
                "arn:aws:dynamodb:%s:%s:table/%s-orders" % (region, A, p), region)
    if choice == 7:
        p = project if rng.random() < 0.7 else rng.choice(PROJECTS)
        service = rng.choice(["sqs", "sns"])
        action = "sqs:SendMessage" if service == "sqs" else "sns:Publish"
        return action, "arn:aws:%s:%s:%s:%s-events" % (service, region, A, p), region
    if choice == 8:
        return ("lambda:InvokeFunction", "arn:aws:lambda:%s:%s:function:%s-handler" % (region, A, project), region)
    if choice == 9:
        if rng.random() < 0.5:
            return ("kms:Decrypt", "arn:aws:kms:%s:%s:key/%08x-1111-4222-8333-%012x"
                    % (region, A, rng.getrandbits(32), rng.getrandbits(48)), region)
        return ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:%s:%s:secret:%s/db-AbCdEf"
                % (region, A, project), region)
    if choice == 10:
        return (rng.choice(["iam:GetUser", "iam:CreateAccessKey", "iam:AttachUserPolicy"]),
                "arn:aws:iam::%s:user/%s.%d" % (A, team, rng.randint(0, 40)), "us-east-1")
    return "sts:AssumeRole", "arn:aws:iam::%s:role/%s-deploy" % (rng.choice([A, B]), project), "us-east-1"


def source_ip(rng):
    r = rng.random()
    if r < 0.45:
        return "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
    if r < 0.6:
        return "172.%d.%d.%d" % (rng.randint(16, 40), rng.randint(0, 255), rng.randint(1, 254))
    if r < 0.7:
        return "192.0.2.%d" % rng.randint(1, 254)
    if r < 0.78:
        return "2001:db8:%x:%x::%x" % (rng.choice([0x1234, 0x1234, 0x9999]), rng.getrandbits(16), rng.getrandbits(16))
    return "%d.%d.%d.%d" % (rng.choice([34, 52, 81, 203]), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))


def timestamp(rng, lo_year=2025, hi_year=2026):
    return "%d-%02d-%02dT%02d:%02d:%02dZ" % (rng.randint(lo_year, hi_year), rng.randint(1, 12), rng.randint(1, 28),
                                           rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))


def request(rng, people):
    arn, team, project = rng.choice(people)
    action, resource, region = target(rng, project, team)
    ctx = {"aws:SourceIp": source_ip(rng), "aws:CurrentTime": timestamp(rng)}
    if not action.startswith(("iam:", "sts:")):
        ctx["aws:RequestedRegion"] = region
    if rng.random() < 0.75:
        ctx["aws:SecureTransport"] = "true" if rng.random() < 0.9 else "false"
    ctx["aws:PrincipalTag/team"] = team
    ctx["aws:PrincipalTag/project"] = project
    if rng.random() < 0.8:
        mfa = rng.random() < 0.7
        ctx["aws:MultiFactorAuthPresent"] = "true" if mfa else "false"
        if mfa and action.startswith("ec2:"):
            ctx["aws:MultiFactorAuthAge"] = str(rng.randint(10, 20000))
    if ":assumed-role/" in arn:
        ctx["aws:TokenIssueTime"] = timestamp(rng)
    if rng.random() < 0.15:
        ctx["aws:ViaAWSService"] = "true"
    if action.startswith(("ec2:", "secretsmanager:")):
        ctx["aws:ResourceTag/env"] = rng.choice(ENVS)
        ctx["aws:ResourceTag/team"] = team if rng.random() < 0.7 else rng.choice(TEAMS)
    if action == "ec2:RunInstances":
        ctx["aws:RequestTag/team"] = team
        ctx["aws:TagKeys"] = rng.sample(["team", "project", "env", "Name", "owner"], rng.randint(1, 3))
    if action.startswith("s3:") and rng.random() < 0.3:
        ctx["aws:SourceVpce"] = rng.choice(["vpce-0a1b2c3d", "vpce-4e5f6a7b", "vpce-99999999"])
    return {"principal": arn, "action": action, "resource": resource, "context": ctx}


def main():
    count, outdir = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    os.makedirs(outdir, exist_ok=True)
    policies = policy_set()
    people = principals(rng)
    lines = [json.dumps(request(rng, people), separators=(",", ":")) for _ in range(count)]
    with open(os.path.join(outdir, "policies.json"), "w") as f:
        json.dump(policies, f, indent=1)
        f.write("\n")
    with open(os.path.join(outdir, "requests.ndjson"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(outdir, "batch.json"), "w") as f:
        head = json.dumps(policies, indent=1)
        f.write(head[:-2] + ',\n "requests": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n")


if __name__ == "__main__":
    main()
