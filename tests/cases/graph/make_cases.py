#!/usr/bin/env python3
"""Writes the escalation-graph scenario snapshots of tests/cases/graph/ (one per method
category). Each has positive principals (a path expected, listed in expected.txt) and decoys that
differ from a positive in one fact and must not be reported. Run from anywhere; rewrites the
snapshot files, never expected.txt."""
import json
import os

ACCOUNT = "111122223333"
HERE = os.path.dirname(os.path.abspath(__file__))
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def arn(kind, name):
    return f"arn:aws:iam::{ACCOUNT}:{kind}/{name}"


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(actions, resources="*", condition=None):
    s = {"Effect": "Allow", "Action": actions, "Resource": resources}
    if condition:
        s["Condition"] = condition
    return s


def deny(actions, resources="*", condition=None):
    s = allow(actions, resources, condition)
    s["Effect"] = "Deny"
    return s


def trust(principal, condition=None):
    s = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        s["Condition"] = condition
    return doc(s)


class Snapshot:
    def __init__(self, name):
        self.name = name
        self.users, self.groups, self.roles, self.policies = [], [], [], []
        self.compute, self.scps, self.credentials = [], [], []
        self.policy("AdministratorAccess", [doc(allow("*"))], aws=True)

    def user(self, name, inline=None, attached=(), groups=(), boundary=None, tags=None):
        u = {"Path": "/", "UserName": name, "UserId": "AIDA" + name.upper().replace("-", "")[:16],
             "Arn": arn("user", name), "CreateDate": "2025-01-01T00:00:00Z", "GroupList": list(groups),
             "AttachedManagedPolicies": [{"PolicyName": a.split("/")[-1], "PolicyArn": a} for a in attached],
             "UserPolicyList": [{"PolicyName": f"{name}-inline", "PolicyDocument": inline}] if inline else [],
             "Tags": [{"Key": k, "Value": v} for k, v in (tags or {}).items()]}
        if boundary:
            u["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}
        self.users.append(u)

    def group(self, name, inline=None, attached=()):
        self.groups.append({"Path": "/", "GroupName": name, "GroupId": "AGPA" + name.upper().replace("-", "")[:16],
                            "Arn": arn("group", name), "CreateDate": "2025-01-01T00:00:00Z",
                            "GroupPolicyList": [{"PolicyName": f"{name}-inline", "PolicyDocument": inline}] if inline else [],
                            "AttachedManagedPolicies": [{"PolicyName": a.split("/")[-1], "PolicyArn": a} for a in attached]})

    def role(self, name, trust_doc, inline=None, attached=(), boundary=None, profile=False):
        r = {"Path": "/", "RoleName": name, "RoleId": "AROA" + name.upper().replace("-", "")[:16],
             "Arn": arn("role", name), "CreateDate": "2025-01-01T00:00:00Z", "AssumeRolePolicyDocument": trust_doc,
             "InstanceProfileList": [{"InstanceProfileName": name, "Arn": arn("instance-profile", name),
                                      "Path": "/", "InstanceProfileId": "AIPA" + name.upper()[:16],
                                      "CreateDate": "2025-01-01T00:00:00Z", "Roles": []}] if profile else [],
             "RolePolicyList": [{"PolicyName": f"{name}-inline", "PolicyDocument": inline}] if inline else [],
             "AttachedManagedPolicies": [{"PolicyName": a.split("/")[-1], "PolicyArn": a} for a in attached],
             "Tags": [], "RoleLastUsed": {}}
        if boundary:
            r["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}
        self.roles.append(r)

    def policy(self, name, versions, default=None, aws=False):
        a = ADMIN if aws else arn("policy", name)
        default = default or len(versions)
        self.policies.append({"PolicyName": name, "PolicyId": "ANPA" + name.upper().replace("-", "")[:16], "Arn": a,
                              "Path": "/", "DefaultVersionId": f"v{default}", "AttachmentCount": 1,
                              "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
                              "PolicyVersionList": [{"Document": d, "VersionId": f"v{i + 1}",
                                                     "IsDefaultVersion": i + 1 == default,
                                                     "CreateDate": "2025-01-01T00:00:00Z"}
                                                    for i, d in enumerate(versions)]})
        return a

    def credential(self, user, password=False, mfa=False, keys=0):
        self.credentials.append((user, password, mfa, keys))

    def write(self):
        d = os.path.join(HERE, self.name)
        os.makedirs(d, exist_ok=True)
        details = {"UserDetailList": self.users, "GroupDetailList": self.groups, "RoleDetailList": self.roles,
                   "Policies": self.policies}
        with open(os.path.join(d, "authorization-details.json"), "w") as f:
            json.dump(details, f, indent=1)
            f.write("\n")
        with open(os.path.join(d, "snapshot.json"), "w") as f:
            json.dump({"account_id": ACCOUNT, "taken_at": "2026-11-01T00:00:00Z"}, f)
            f.write("\n")
        if self.compute:
            with open(os.path.join(d, "compute.json"), "w") as f:
                json.dump(self.compute, f, indent=1)
                f.write("\n")
        if self.scps:
            with open(os.path.join(d, "scps.json"), "w") as f:
                json.dump({"levels": [{"target": "r-root", "policies": [
                    {"name": "FullAWSAccess", "document": doc(allow("*"))}] + self.scps}]}, f, indent=1)
                f.write("\n")
        if self.credentials:
            head = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
                    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
                    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
                    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
                    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
                    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
            rows = [head]
            for user, password, mfa, keys in self.credentials:
                t = "2026-01-01T00:00:00+00:00"
                k1 = ["true", t, t, "us-east-1", "iam"] if keys >= 1 else ["false", "N/A", "N/A", "N/A", "N/A"]
                k2 = ["true", t, t, "us-east-1", "iam"] if keys >= 2 else ["false", "N/A", "N/A", "N/A", "N/A"]
                rows.append(",".join([user, arn("user", user), "2025-01-01T00:00:00+00:00",
                                      "true" if password else "false", t if password else "N/A",
                                      t if password else "N/A", "N/A", "true" if mfa else "false"]
                                     + k1 + k2 + ["false", "N/A", "false", "N/A"]))
            with open(os.path.join(d, "credential-report.csv"), "w") as f:
                f.write("\n".join(rows) + "\n")


def self_escalation():
    s = Snapshot("self-escalation")
    s.group("admins", attached=[ADMIN])
    s.group("ops", inline=doc(allow("iam:AttachGroupPolicy", arn("group", "ops"))))
    s.group("readers", inline=doc(allow("s3:GetObject")))
    s.user("root-admin", groups=["admins"])
    dev_policy = s.policy("dev-policy", [doc(allow("iam:CreatePolicyVersion", arn("policy", "dev-policy")))])
    s.user("dev", attached=[dev_policy])
    s.user("putter", inline=doc(allow("iam:PutUserPolicy", arn("user", "${aws:username}"))))
    s.user("attacher", inline=doc(allow("iam:AttachUserPolicy", arn("user", "attacher"),
                                        {"ArnEquals": {"iam:PolicyARN": ADMIN}})))
    s.user("grouped", groups=["ops"])
    s.user("joiner", inline=doc(allow("iam:AddUserToGroup", arn("group", "admins"))))
    stale = s.policy("stale", [doc(allow("*")), doc(allow(["iam:SetDefaultPolicyVersion", "s3:GetObject"]))])
    s.user("defaulter", attached=[stale])
    s.role("self-role", trust({"Service": "ec2.amazonaws.com"}),
           inline=doc(allow("iam:PutRolePolicy", arn("role", "self-role"))))
    s.user("mfa-user", inline=doc(allow("iam:PutUserPolicy", arn("user", "mfa-user"),
                                        {"Bool": {"aws:MultiFactorAuthPresent": "true"}})))
    s.user("fn3-user", inline=doc(allow("iam:PutUserPolicy", arn("user", "fn3-user"),
                                        {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}})))
    s.user("fn2-user", attached=[s.policy("fn2-own", [doc(allow("iam:CreatePolicyVersion", arn("policy", "fn2-*")))])])
    wide = s.policy("wide-admin", [doc(allow("*"))])
    s.user("unbound", attached=[wide], boundary=s.policy("tight", [doc(allow(["iam:DeleteUserPermissionsBoundary", "s3:*"]))]))
    # decoys
    s.user("tag-decoy", tags={"team": "dev"},
           inline=doc(allow("iam:PutUserPolicy", arn("user", "tag-decoy"),
                            {"StringEquals": {"aws:PrincipalTag/team": "platform"}})))
    s.user("fp5-decoy", inline=doc(allow("iam:PutUserPolicy", arn("user", "fp5-decoy"),
                                         {"DateLessThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}})))
    s.user("boundary-decoy", inline=doc(allow("iam:PutUserPolicy", arn("user", "boundary-decoy"))),
           boundary=s.policy("only-put", [doc(allow("iam:PutUserPolicy"))]))
    s.user("scp-decoy", inline=doc(allow("iam:PutUserPolicy", arn("user", "scp-decoy"))))
    s.scps.append({"name": "protect-iam", "document": doc(deny("iam:PutUserPolicy", "*", {
        "StringLike": {"aws:PrincipalArn": arn("user", "scp-*")}}))})
    s.user("fp4-decoy", inline=doc(allow("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/*")),
           attached=["arn:aws:iam::aws:policy/AdministratorAccess"] and [])
    full = s.policy("full-versions", [doc(allow("iam:CreatePolicyVersion", arn("policy", "full-versions")))] * 5)
    s.user("versions-decoy", attached=[full])
    s.user("group-decoy", inline=doc(allow("iam:AttachGroupPolicy", arn("group", "ops"))), groups=["readers"])
    weak = s.policy("weak-versions", [doc(allow("s3:GetObject")), doc(allow("iam:SetDefaultPolicyVersion"))])
    s.user("sdv-decoy", attached=[weak])
    s.user("fp1-decoy", inline=doc(allow("iam:*"), deny("iam:*")))
    s.user("fp3-decoy", inline=doc(deny("iam:PutUserPolicy")))
    s.user("bounded-drop-decoy", attached=[wide],
           boundary=s.policy("no-drop", [doc(allow("s3:*"))]))
    # Its own Denies stay after a write, except those of the inline policy Put*Policy overwrites.
    s.user("put-over-deny", inline=doc(allow("iam:PutUserPolicy", arn("user", "put-over-deny")),
                                       deny("iam:CreateAccessKey")))
    s.user("attach-deny-decoy", inline=doc(allow("iam:AttachUserPolicy", arn("user", "attach-deny-decoy")),
                                           deny("iam:CreateAccessKey")))
    s.user("join-deny-decoy", inline=doc(allow("iam:AddUserToGroup", arn("group", "admins")), deny("*")))
    s.user("put-managed-deny-decoy", inline=doc(allow("iam:PutUserPolicy", arn("user", "put-managed-deny-decoy"))),
           attached=[s.policy("no-keys", [doc(deny("iam:CreateAccessKey"))])])
    s.write()


def principal_access():
    s = Snapshot("principal-access")
    s.group("admins", attached=[ADMIN])
    s.role("ops-admin", trust({"AWS": arn("root", "x").replace(":root/x", ":root")}), attached=[ADMIN])
    s.role("named-admin", trust({"AWS": arn("user", "named")}), attached=[ADMIN])
    s.role("mfa-admin", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                              {"Bool": {"aws:MultiFactorAuthPresent": "true"}}), attached=[ADMIN])
    s.role("ec2-admin", trust({"Service": "ec2.amazonaws.com"}), attached=[ADMIN])
    s.role("partner-admin", trust({"AWS": "arn:aws:iam::444455556666:root"}), attached=[ADMIN])
    s.role("plain-role", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    s.role("hop-role", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
           inline=doc(allow("iam:PutRolePolicy", arn("role", "hop-role"))))
    s.role("orgless-admin", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                  {"StringEquals": {"aws:PrincipalAccount": "999999999999"}}), attached=[ADMIN])
    s.user("admin-user", groups=["admins"])
    s.user("admin-user2", groups=["admins"])
    s.user("busy-admin", groups=["admins"])
    s.credential("admin-user", keys=0)
    s.credential("admin-user2", password=False, keys=1)
    s.credential("busy-admin", password=True, mfa=False, keys=2)
    s.user("dev", inline=doc(allow("sts:AssumeRole", arn("role", "ops-admin"))))
    s.user("named")
    s.user("mfa", inline=doc(allow("sts:AssumeRole", arn("role", "mfa-admin"))))
    s.user("keymaker", inline=doc(allow("iam:CreateAccessKey", arn("user", "admin-user"))))
    s.user("pw", inline=doc(allow("iam:CreateLoginProfile", arn("user", "admin-user2"))))
    s.user("resetter", inline=doc(allow("iam:UpdateLoginProfile", arn("user", "busy-admin"))))
    s.user("updater", inline=doc(allow("iam:UpdateAssumeRolePolicy", arn("role", "ec2-admin"))))
    s.user("aa", inline=doc(allow(["iam:AttachRolePolicy", "sts:AssumeRole"], arn("role", "plain-role"))))
    s.user("hop", inline=doc(allow("sts:AssumeRole", arn("role", "hop-role"))))
    s.user("two-ways", inline=doc(allow("sts:AssumeRole", arn("role", "ops-admin")),
                                  allow("iam:CreateAccessKey", arn("user", "admin-user"))))
    # decoys
    s.user("keys-decoy", inline=doc(allow("iam:CreateAccessKey", arn("user", "busy-admin"))))
    s.user("pw-decoy", inline=doc(allow("iam:CreateLoginProfile", arn("user", "busy-admin"))))
    s.user("reset-decoy", inline=doc(allow("iam:UpdateLoginProfile", arn("user", "admin-user"))))
    s.user("ec2-trust-decoy", inline=doc(allow("sts:AssumeRole", arn("role", "ec2-admin"))))
    s.user("partner-decoy", inline=doc(allow("sts:AssumeRole", arn("role", "partner-admin"))))
    s.user("org-decoy", inline=doc(allow("sts:AssumeRole", arn("role", "orgless-admin"))))
    s.user("boundary-decoy", inline=doc(allow("sts:AssumeRole", arn("role", "ops-admin"))),
           boundary=s.policy("s3-only", [doc(allow("s3:*"))]))
    s.user("aa-trust-decoy", inline=doc(allow(["iam:AttachRolePolicy", "sts:AssumeRole"], arn("role", "ec2-admin"))))
    s.write()


def new_passrole():
    s = Snapshot("new-passrole")
    lam = {"Service": "lambda.amazonaws.com"}
    s.role("fn-admin", trust(lam), attached=[ADMIN])
    s.role("fn-weak", trust(lam), inline=doc(allow("s3:GetObject")))
    s.role("prof-admin", trust({"Service": "ec2.amazonaws.com"}), attached=[ADMIN], profile=True)
    s.role("ec2only-admin", trust({"Service": "ec2.amazonaws.com"}), attached=[ADMIN])
    s.role("cfn-admin", trust({"Service": "cloudformation.amazonaws.com"}), attached=[ADMIN])
    s.role("capped-admin", trust(lam), attached=[ADMIN])
    s.scps.append({"name": "cap", "document": doc(deny("iam:*", "*", {
        "ArnLike": {"aws:PrincipalArn": arn("role", "capped-*")}}))})
    fn = f"arn:aws:lambda:*:{ACCOUNT}:function:team-*"
    s.user("dev", inline=doc(allow("iam:PassRole", arn("role", "fn-admin")),
                             allow(["lambda:CreateFunction", "lambda:InvokeFunction"], fn)))
    s.user("runner", inline=doc(allow("iam:PassRole", arn("role", "prof-admin"),
                                      {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}),
                                allow("ec2:RunInstances")))
    s.user("stacker", inline=doc(allow("iam:PassRole", arn("role", "cfn-admin")),
                                 allow("cloudformation:CreateStack")))
    s.user("fn1-user", inline=doc(allow("ec2:RunInstances")),
           attached=[s.policy("fn1-pass", [doc(allow("iam:PassRole"))])])
    # decoys
    s.user("service-decoy", inline=doc(allow("iam:PassRole", arn("role", "fn-admin"),
                                             {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}),
                                       allow(["lambda:CreateFunction", "lambda:InvokeFunction"])))
    s.user("resource-decoy", inline=doc(allow("iam:PassRole", arn("role", "app-*")),
                                        allow(["lambda:CreateFunction", "lambda:InvokeFunction"])))
    s.user("profile-decoy", inline=doc(allow("iam:PassRole", arn("role", "ec2only-admin")),
                                       allow("ec2:RunInstances")))
    s.user("no-invoke-decoy", inline=doc(allow("iam:PassRole", arn("role", "fn-admin")),
                                         allow("lambda:CreateFunction")))
    s.user("weak-role-decoy", inline=doc(allow("iam:PassRole", arn("role", "fn-weak")),
                                         allow(["lambda:CreateFunction", "lambda:InvokeFunction"])))
    s.user("capped-decoy", inline=doc(allow("iam:PassRole", arn("role", "capped-admin")),
                                      allow(["lambda:CreateFunction", "lambda:InvokeFunction"])))
    s.user("trust-decoy", inline=doc(allow("iam:PassRole", arn("role", "cfn-admin")),
                                     allow(["lambda:CreateFunction", "lambda:InvokeFunction"])))
    s.write()


def existing_resource():
    s = Snapshot("existing-resource")
    lam = {"Service": "lambda.amazonaws.com"}
    s.role("nightly-admin", trust(lam), attached=[ADMIN])
    s.role("reporter-role", trust(lam), inline=doc(allow("s3:GetObject")))
    s.role("inst-admin", trust({"Service": "ec2.amazonaws.com"}), attached=[ADMIN], profile=True)
    s.role("build-admin", trust({"Service": "codebuild.amazonaws.com"}), attached=[ADMIN])
    nightly = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:nightly"
    instance = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0123456789abcdef0"
    project = f"arn:aws:codebuild:us-east-1:{ACCOUNT}:project/release"
    s.compute = [
        {"arn": nightly, "type": "lambda-function", "role": arn("role", "nightly-admin")},
        {"arn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:reporter", "type": "lambda-function",
         "role": arn("role", "reporter-role")},
        {"arn": instance, "type": "ec2-instance", "role": arn("role", "inst-admin")},
        {"arn": project, "type": "codebuild-project", "role": arn("role", "build-admin")},
    ]
    s.user("dev", inline=doc(allow("lambda:UpdateFunctionCode", nightly)))
    s.user("invoker", inline=doc(allow(["lambda:UpdateFunctionCode", "lambda:InvokeFunction"], nightly)))
    s.user("ops", inline=doc(allow("ssm:SendCommand", [instance, "arn:aws:ssm:*::document/AWS-RunShellScript"])))
    s.user("builder", inline=doc(allow("codebuild:StartBuild", project)))
    # decoys
    s.user("other-decoy", inline=doc(allow("lambda:UpdateFunctionCode", f"arn:aws:lambda:*:{ACCOUNT}:function:other-*")))
    s.user("weak-decoy", inline=doc(allow("lambda:UpdateFunctionCode",
                                          f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:reporter")))
    s.user("boundary-decoy", inline=doc(allow("lambda:UpdateFunctionCode", nightly)),
           boundary=s.policy("s3-only", [doc(allow("s3:*"))]))
    s.user("deny-decoy", inline=doc(allow("ssm:SendCommand"), deny("ssm:SendCommand", instance)))
    s.write()


def credential_access():
    s = Snapshot("credential-access")
    s.role("app-admin", trust({"Service": "lambda.amazonaws.com"}), attached=[ADMIN])
    secret = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:admin-keys-AbCdEf"
    # Reading secrets or parameters yields data, not an IAM identity: no path is reported.
    s.user("reader", inline=doc(allow(["secretsmanager:GetSecretValue", "kms:Decrypt"], secret)))
    s.user("param-reader", inline=doc(allow(["ssm:GetParameter", "ssm:GetParameters"])))
    s.user("password-data", inline=doc(allow("ec2:GetPasswordData")))
    s.write()


def access_model():
    """Facts against chosen keys, joint satisfiability, new-user and two-step methods."""
    s = Snapshot("access-model")
    s.group("admins", attached=[ADMIN])
    # One request must satisfy the Allow and escape the Deny at once.
    s.user("ip-decoy", inline=doc(allow("iam:AttachUserPolicy", arn("user", "ip-decoy"),
                                        {"IpAddress": {"aws:SourceIp": "10.20.0.0/16"}}),
                                  deny("*", "*", {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})))
    s.user("ip-user", inline=doc(allow("iam:AttachUserPolicy", arn("user", "ip-user"),
                                       {"IpAddress": {"aws:SourceIp": "10.20.0.0/16"}}),
                                 deny("*", "*", {"IpAddress": {"aws:SourceIp": "192.168.0.0/16"}})))
    # aws:TokenIssueTime is present only with temporary credentials: a role's, not a user's keys.
    s.user("token-user-decoy", inline=doc(allow("iam:PutUserPolicy", arn("user", "token-user-decoy"),
                                                {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}})))
    s.role("token-role", trust({"Service": "ec2.amazonaws.com"}),
           inline=doc(allow("iam:PutRolePolicy", arn("role", "token-role"),
                            {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}})))
    # Facts of the snapshot: tags and time.
    tagged = doc(allow("*", "*", {"StringEquals": {"aws:PrincipalTag/team": "admin"}}))
    s.user("tag-admin", inline=tagged, tags={"team": "admin"})
    s.user("tag-admin-decoy", inline=tagged, tags={"team": "dev"})
    s.user("expired-admin-decoy", inline=doc(allow("*", "*", {"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}})))
    # A new user made admin and signed in as.
    new_users = arn("user", "new-*")
    s.role("creator-role", trust({"Service": "ec2.amazonaws.com"}),
           inline=doc(allow(["iam:CreateUser", "iam:AttachUserPolicy", "iam:CreateLoginProfile"], new_users),
                      allow("iam:AddUserToGroup")))
    s.role("creator-boundary-decoy", trust({"Service": "ec2.amazonaws.com"}),
           inline=doc(allow("iam:CreateUser", new_users, {"StringEquals": {
                          "iam:PermissionsBoundary": arn("policy", "tight-boundary")}}),
                      allow(["iam:AttachUserPolicy", "iam:CreateLoginProfile"], new_users)))
    s.role("creator-no-creds-decoy", trust({"Service": "ec2.amazonaws.com"}),
           inline=doc(allow(["iam:CreateUser", "iam:AttachUserPolicy"], new_users)))
    # Make another user admin, then take its credentials.
    s.user("victim-1")
    s.credential("victim-1", password=False, mfa=False, keys=2)
    s.user("victim-mfa")
    s.credential("victim-mfa", password=False, mfa=True, keys=2)
    s.user("victim-2")
    s.credential("victim-2", password=False, mfa=False, keys=0)
    s.user("two-step", inline=doc(allow(["iam:AttachUserPolicy", "iam:CreateLoginProfile"], arn("user", "victim-1"))))
    s.user("two-step-mfa-decoy", inline=doc(allow(["iam:AttachUserPolicy", "iam:CreateLoginProfile"],
                                                  arn("user", "victim-mfa"))))
    s.role("group-taker", trust({"Service": "ec2.amazonaws.com"}),
           inline=doc(allow("iam:AddUserToGroup", arn("group", "admins")),
                      allow("iam:CreateAccessKey", arn("user", "victim-2"))))
    s.role("group-taker-decoy", trust({"Service": "ec2.amazonaws.com"}),
           inline=doc(allow("iam:AddUserToGroup", arn("group", "admins")),
                      allow("iam:CreateAccessKey", arn("user", "victim-1"))))  # victim-1 has two keys
    s.write()


def scp_breakglass():
    """An SCP denies IAM to everyone but a break-glass user: the others are not admin."""
    s = Snapshot("scp-breakglass")
    s.user("breakglass", attached=[ADMIN])
    s.user("ops", attached=[ADMIN])
    s.user("dev", inline=doc(allow("iam:AttachUserPolicy", arn("user", "dev"))))
    s.scps.append({"name": "iam-breakglass-only", "document": doc(deny("iam:*", "*", {
        "StringNotEquals": {"aws:PrincipalArn": arn("user", "breakglass")}}))})
    s.write()


def two_accounts():
    """A dump holding principals of two accounts: each is judged in its own account."""
    other = "444455556666"
    s = Snapshot("two-accounts")
    s.group("devs", attached=[ADMIN])
    s.user("a-member", groups=["devs"])
    s.user("a-dev", inline=doc(allow("iam:AttachUserPolicy", arn("user", "a-dev"))))
    s.users.append({"Path": "/", "UserName": "b-admin", "UserId": "AIDABADMIN", "Arn": f"arn:aws:iam::{other}:user/b-admin",
                    "CreateDate": "2025-01-01T00:00:00Z", "GroupList": [], "UserPolicyList": [], "Tags": [],
                    "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": ADMIN}]})
    s.users.append({"Path": "/", "UserName": "b-dev", "UserId": "AIDABDEV", "Arn": f"arn:aws:iam::{other}:user/b-dev",
                    "CreateDate": "2025-01-01T00:00:00Z", "GroupList": [], "Tags": [], "AttachedManagedPolicies": [],
                    "UserPolicyList": [{"PolicyName": "self", "PolicyDocument": doc(
                        allow("iam:PutUserPolicy", f"arn:aws:iam::{other}:user/b-dev"))}]})
    # Same group name in the other account, read-only: its member is not admin.
    s.groups.append({"Path": "/", "GroupName": "devs", "GroupId": "AGPABDEVS", "Arn": f"arn:aws:iam::{other}:group/devs",
                     "CreateDate": "2025-01-01T00:00:00Z", "AttachedManagedPolicies": [],
                     "GroupPolicyList": [{"PolicyName": "read", "PolicyDocument": doc(allow("s3:GetObject"))}]})
    s.users.append({"Path": "/", "UserName": "b-member", "UserId": "AIDABMEMBER",
                    "Arn": f"arn:aws:iam::{other}:user/b-member", "CreateDate": "2025-01-01T00:00:00Z",
                    "GroupList": ["devs"], "UserPolicyList": [], "Tags": [], "AttachedManagedPolicies": []})
    # A role of one account that trusts the other account as a whole (OrganizationAccountAccessRole):
    # a principal there with an Allow for sts:AssumeRole takes it; one without does not.
    s.role("org-access", trust({"AWS": f"arn:aws:iam::{other}:root"}), attached=[ADMIN])
    for name, inline in (("b-hopper", doc(allow("sts:AssumeRole"))), ("b-hopper-decoy", doc(allow("s3:GetObject")))):
        s.users.append({"Path": "/", "UserName": name, "UserId": "AIDA" + name.upper().replace("-", ""),
                        "Arn": f"arn:aws:iam::{other}:user/{name}", "CreateDate": "2025-01-01T00:00:00Z",
                        "GroupList": [], "Tags": [], "AttachedManagedPolicies": [],
                        "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": inline}]})
    s.write()


if __name__ == "__main__":
    self_escalation()
    principal_access()
    new_passrole()
    existing_resource()
    credential_access()
    access_model()
    scp_breakglass()
    two_accounts()
