"""Loads a test account into a moto server with boto3, and exports it the boto3 way.

usage: moto_account.py ENDPOINT load           -> prints the secret access keys it created (JSON)
       moto_account.py ENDPOINT load-scale N    -> N roles (a third with an inline policy), N/10 users
       moto_account.py ENDPOINT export DIR     -> writes a snapshot made with boto3 calls
       moto_account.py ENDPOINT state          -> prints what remediation changes (JSON)
"""
import base64
import json
import os
import sys
import time

import boto3

endpoint, command = sys.argv[1], sys.argv[2]
session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                region_name="us-east-1")
iam = session.client("iam", endpoint_url=endpoint)

TRUST_PUBLIC = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"},
    {"Sid": "Ec2", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
TRUST_EC2 = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                                                "Resource": "*"}]}


def load():
    secrets = []
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True)
    read = iam.create_policy(PolicyName="read-data", PolicyDocument=json.dumps(READ))["Policy"]["Arn"]
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn=read)
    for name in ("alice", "bob", "carol"):
        iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "data"}])
        iam.add_user_to_group(GroupName="readers", UserName=name)
    iam.create_login_profile(UserName="alice", Password="Init-Passw0rd!x")
    iam.put_user_policy(UserName="carol", PolicyName="carol-admin", PolicyDocument=json.dumps(ADMIN))
    for name in ("alice", "bob", "bob", "carol"):
        secrets.append(iam.create_access_key(UserName=name)["AccessKey"]["SecretAccessKey"])
    iam.create_role(RoleName="open-door", AssumeRolePolicyDocument=json.dumps(TRUST_PUBLIC), MaxSessionDuration=43200)
    iam.attach_role_policy(RoleName="open-door", PolicyArn=read)
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST_EC2), Path="/service/")
    iam.put_role_policy(RoleName="app", PolicyName="app-read", PolicyDocument=json.dumps(READ))
    iam.create_instance_profile(InstanceProfileName="app")
    iam.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
    s3 = session.client("s3", endpoint_url=endpoint)
    s3.create_bucket(Bucket="shared-reports")
    s3.put_bucket_policy(Bucket="shared-reports", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-reports/*"}]}))
    sqs = session.client("sqs", endpoint_url=endpoint)
    q = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=q, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sqs:SendMessage",
         "Resource": "*"}]})})
    print(json.dumps({"secrets": secrets}))


def dump(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=2, default=str)


def export(directory):
    os.makedirs(directory, exist_ok=True)
    details = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
    for page in iam.get_paginator("get_account_authorization_details").paginate():
        for key in details:
            details[key] += page.get(key, [])
    for p in details["Policies"]:  # moto leaves PolicyName out (AWS never does)
        p.setdefault("PolicyName", p["Arn"].rsplit("/", 1)[1])
    dump(f"{directory}/authorization-details.json", details)
    while iam.generate_credential_report()["State"] != "COMPLETE":
        time.sleep(1)
    report = iam.get_credential_report()
    dump(f"{directory}/credential-report.json",
         {"Content": base64.b64encode(report["Content"]).decode(), "ReportFormat": report["ReportFormat"],
          "GeneratedTime": report["GeneratedTime"]})
    dump(f"{directory}/account-summary.json", {"SummaryMap": iam.get_account_summary()["SummaryMap"]})
    try:
        dump(f"{directory}/password-policy.json", {"PasswordPolicy": iam.get_account_password_policy()["PasswordPolicy"]})
    except iam.exceptions.NoSuchEntityException:
        open(f"{directory}/password-policy.json", "w").close()
    roles = []
    for page in iam.get_paginator("list_roles").paginate():
        roles += page["Roles"]
    dump(f"{directory}/roles.json", {"Roles": roles})
    account = session.client("sts", endpoint_url=endpoint).get_caller_identity()["Account"]
    taken = json.load(open(f"{directory}/../live/snapshot.json"))["taken_at"] if os.path.exists(
        f"{directory}/../live/snapshot.json") else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    dump(f"{directory}/snapshot.json", {"account_id": account, "taken_at": taken})


def load_scale(roles):
    """An account of `roles` roles (every third with an inline policy) and roles/10 users, for bench/."""
    read = iam.create_policy(PolicyName="read-data", PolicyDocument=json.dumps(READ))["Policy"]["Arn"]
    for i in range(roles):
        name = f"service-{i}"
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST_EC2))
        iam.attach_role_policy(RoleName=name, PolicyArn=read)
        if i % 3 == 0:
            iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=json.dumps(READ))
    for i in range(roles // 10):
        iam.create_user(UserName=f"user-{i}")


def state():
    keys = {u: [k["Status"] for k in iam.list_access_keys(UserName=u)["AccessKeyMetadata"]]
            for u in ("alice", "bob", "carol")}
    try:
        policy = iam.get_account_password_policy()["PasswordPolicy"]
    except iam.exceptions.NoSuchEntityException:
        policy = None
    role = iam.get_role(RoleName="open-door")["Role"]
    print(json.dumps({"keys": keys, "password_policy": policy, "open_door_trust": role["AssumeRolePolicyDocument"],
                      "open_door_max_session": role["MaxSessionDuration"]}, default=str))


if command == "load":
    load()
elif command == "load-scale":
    load_scale(int(sys.argv[3]))
elif command == "export":
    export(sys.argv[3])
elif command == "state":
    state()
else:
    sys.exit(f"unknown command {command}")
