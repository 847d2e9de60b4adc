#!/usr/bin/env python3
"""Writes the threshold audit scenarios of tests/cases/audit/ (never expected.txt): ages of 89, 90
and 91 days around the 90-day defaults, and a root user used 89, 90 and 91 days before the
snapshot. Every other fact is clean (strong password policy, MFA, no policies), so each
scenario's expected.txt lists exactly the findings its ages cause."""
import datetime
import json
import os

ACCOUNT = "111122223333"
HERE = os.path.dirname(os.path.abspath(__file__))
TAKEN = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
HEAD = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
        "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
        "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
        "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
        "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
        "cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
NA = "N/A"


def ago(days):
    return (TAKEN - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def user(name):
    return {"Path": "/", "UserName": name, "UserId": "AIDA" + name.upper().replace("-", ""),
            "Arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "CreateDate": "2024-01-01T00:00:00Z",
            "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": [], "Tags": []}


def row(name, password_used=None, key_rotated=None, key_used=None):
    pw = ["true", password_used, ago(400), NA, "true"] if password_used else ["false", NA, NA, NA, "true"]
    key = ["true", key_rotated, key_used or NA, "us-east-1" if key_used else NA, "iam" if key_used else NA] \
        if key_rotated else ["false", NA, NA, NA, NA]
    return ",".join([name, f"arn:aws:iam::{ACCOUNT}:user/{name}", ago(700)] + pw + key +
                    ["false", NA, NA, NA, NA, "false", NA, "false", NA])


def root_row(used_days_ago):
    return ",".join(["<root_account>", f"arn:aws:iam::{ACCOUNT}:root", ago(2000), "not_supported",
                     ago(used_days_ago) if used_days_ago is not None else NA, "not_supported", "not_supported",
                     "true", "false", NA, NA, NA, NA, "false", NA, NA, NA, NA, "false", NA, "false", NA])


def write(name, users, rows, roles=(), root_used=None):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    details = {"UserDetailList": users, "GroupDetailList": [], "RoleDetailList": list(roles), "Policies": []}
    with open(os.path.join(d, "authorization-details.json"), "w") as f:
        json.dump(details, f, indent=1)
        f.write("\n")
    with open(os.path.join(d, "credential-report.csv"), "w") as f:
        f.write("\n".join([HEAD, root_row(root_used)] + rows) + "\n")
    with open(os.path.join(d, "password-policy.json"), "w") as f:
        json.dump({"PasswordPolicy": {"MinimumPasswordLength": 14, "RequireSymbols": True, "RequireNumbers": True,
                                      "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
                                      "AllowUsersToChangePassword": True, "ExpirePasswords": False,
                                      "PasswordReusePrevention": 24}}, f)
        f.write("\n")
    with open(os.path.join(d, "snapshot.json"), "w") as f:
        json.dump({"account_id": ACCOUNT, "taken_at": "2026-11-01T00:00:00Z"}, f)
        f.write("\n")


def role(name, last_used_days_ago):
    return {"Path": "/", "RoleName": name, "RoleId": "AROA" + name.upper().replace("-", ""),
            "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "CreateDate": "2024-01-01T00:00:00Z",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole",
                 "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}]},
            "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": [],
            "RoleLastUsed": {"LastUsedDate": ago(last_used_days_ago).replace("+00:00", "Z"),
                             "Region": "us-east-1"}}


def thresholds():
    users, rows = [], []
    for days in (89, 90, 91):
        for kind in ("key-age", "key-unused", "password-unused"):
            name = f"{kind}-{days}"
            users.append(user(name))
            if kind == "key-age":
                rows.append(row(name, key_rotated=ago(days), key_used=ago(1)))
            elif kind == "key-unused":
                rows.append(row(name, key_rotated=ago(days), key_used=ago(days)))  # made, then used once
            else:
                rows.append(row(name, password_used=ago(days)))
    roles = [role(f"role-unused-{days}", days) for days in (89, 90, 91)]
    write("thresholds", users, rows, roles, root_used=None)


def root_recent():
    for days in (89, 90, 91):
        write(f"root-used-{days}", [], [], root_used=days)


if __name__ == "__main__":
    thresholds()
    root_recent()
