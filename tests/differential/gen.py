#!/usr/bin/env python3
"""Deterministic generator of simulation requests for differential testing (iamwarden vs
@cloud-copilot/iam-simulate).

Usage: gen.py --seed S --requests N --out DIR [--per-scenario K]

Writes DIR/sNNNN.json: contracts §4 batch request files (one policy set, K requests each), and
DIR/meta.jsonl: one line per request {"scenario", "index", "tags"}. Tags name features of the
request that known differences depend on (tests/differential/known.json), so a disagreement can
be recognised as known by machine.

The domain is kept to what iam-simulate's request model expresses: one session policy at most,
actions and resources that resolve to exactly one resource type, context values typed as the
catalog says (lists only for ArrayOf keys), and every derived key (aws:PrincipalArn, ...)
supplied explicitly, since iam-simulate derives none.
"""
import argparse
import json
import os
import random

A = "111111111111"  # the caller's home account
B = "222222222222"  # another account

# (action, resource ARN or None (= per-account builder), wildcard-only)
ACTIONS = [
    ("s3:GetObject", "arn:aws:s3:::data-bucket/reports/q1.csv"),
    ("s3:GetObject", "arn:aws:s3:::data-bucket/home/alice/notes.txt"),
    ("s3:GetObject", "arn:aws:s3:::data-bucket/home/dev/x?y.txt"),
    ("s3:PutObject", "arn:aws:s3:::data-bucket/uploads/x.txt"),
    ("s3:PutObject", "arn:aws:s3:::logs-bucket/a/b:c"),
    ("s3:DeleteObject", "arn:aws:s3:::logs-bucket/a/b"),
    ("s3:ListBucket", "arn:aws:s3:::data-bucket"),
    ("sqs:SendMessage", "arn:aws:sqs:us-east-1:{acct}:jobs"),
    ("sqs:ReceiveMessage", "arn:aws:sqs:eu-west-1:{acct}:jobs-dlq"),
    ("kms:Decrypt", "arn:aws:kms:us-east-1:{acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("kms:Encrypt", "arn:aws:kms:us-east-1:{acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:{acct}:table/Orders"),
    ("dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:{acct}:table/orders"),
    ("ec2:DescribeInstances", "*"),
    ("ec2:TerminateInstances", "arn:aws:ec2:us-east-1:{acct}:instance/i-0123456789abcdef0"),
    ("sts:AssumeRole", "arn:aws:iam::{acct}:role/Deploy"),
    ("iam:PassRole", "arn:aws:iam::{acct}:role/Deploy"),
    ("iam:GetUser", "arn:aws:iam::{acct}:user/alice"),
    ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:{acct}:secret:db-AbCdEf"),
    ("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:{acct}:function:f1"),
    ("sns:Publish", "arn:aws:sns:us-east-1:{acct}:alerts"),
]
SERVICES = sorted({a.split(":")[0] for a, _ in ACTIONS})

# principal ARN, kind
PRINCIPALS = [
    (f"arn:aws:iam::{A}:user/alice", "user"),
    (f"arn:aws:iam::{A}:user/dev/bob", "user"),
    (f"arn:aws:iam::{B}:user/carol", "user"),
    (f"arn:aws:iam::{A}:role/Deploy", "role"),
    (f"arn:aws:sts::{A}:assumed-role/Deploy/sess1", "assumed_role"),
    (f"arn:aws:sts::{A}:assumed-role/Audit/alice@example.com", "assumed_role"),
    (f"arn:aws:sts::{B}:assumed-role/Deploy/sess2", "assumed_role"),
    (f"arn:aws:sts::{A}:federated-user/fed1", "federated_user"),
    (f"arn:aws:iam::{A}:root", "root"),
    ("service:ec2.amazonaws.com", "service"),
    ("service:cloudtrail.amazonaws.com", "service"),
    ("anonymous", "anonymous"),
]
PRINCIPAL_WEIGHTS = [14, 8, 8, 6, 12, 6, 8, 5, 3, 3, 2, 3]

# context pools: key -> values (single-valued keys) ; list keys handled separately
SINGLE_POOLS = {
    "aws:SourceIp": ["10.0.1.5", "192.0.2.10", "203.0.113.7", "2001:db8::1", "10.1.255.255"],
    "aws:SecureTransport": ["true", "false"],
    "aws:RequestedRegion": ["us-east-1", "eu-west-1", "ap-south-1"],
    "aws:CurrentTime": ["2024-06-01T12:00:00Z", "2019-01-01T00:00:00Z", "2030-12-31T23:59:59Z"],
    "aws:EpochTime": ["1717243200", "1546300800"],
    "aws:MultiFactorAuthPresent": ["true", "false"],
    "aws:MultiFactorAuthAge": ["300", "7200", "3600"],
    "aws:PrincipalTag/team": ["dev", "ops", "Dev", "a*b", ""],
    "aws:PrincipalTag/Project": ["apollo", "gemini"],
    "aws:ResourceTag/env": ["prod", "dev", "Prod"],
    "aws:RequestTag/env": ["prod", "dev"],
    "aws:PrincipalOrgID": ["o-abc123", "o-other99"],
    "aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-99999999"],
    "aws:SourceAccount": [A, B],
    "aws:SourceArn": [f"arn:aws:cloudtrail:us-east-1:{A}:trail/main", f"arn:aws:s3:::data-bucket"],
    "aws:ViaAWSService": ["true", "false"],
    "aws:userid": ["AIDAEXAMPLE", "AROAEXAMPLE:sess1"],
}
LIST_POOLS = {
    "aws:TagKeys": [["env"], ["env", "team"], ["Owner", "cost"], ["team"]],
    "aws:PrincipalOrgPaths": [["o-abc123/r-ab12/ou-ab12-11111111/"], ["o-abc123/r-ab12/ou-ab12-22222222/ou-ab12-33333333/"]],
    "aws:CalledVia": [["cloudformation.amazonaws.com"], ["athena.amazonaws.com", "glue.amazonaws.com"]],
}


class Gen:
    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    def chance(self, p):
        return self.r.random() < p

    # --- policy building blocks -------------------------------------------------------------
    def action_pattern(self):
        act, _ = self.pick(ACTIONS)
        svc, name = act.split(":")
        forms = [
            act, act, act,
            f"{svc}:*",
            "*",
            f"{svc}:{name[:3]}*",
            f"{svc}:*{name[-4:]}",
            act.upper() if self.chance(0.5) else act.lower(),
            f"{svc}:{name[:-1]}?",
            f"{self.pick(SERVICES)}:*",
            f"{svc}:List*",
        ]
        return self.pick(forms)

    def resource_pattern(self, vars_ok):
        acct = self.pick([A, B, "*"])
        forms = [
            "*", "*",
            "arn:aws:s3:::data-bucket/*",
            "arn:aws:s3:::data-bucket/reports/*",
            "arn:aws:s3:::data-bucket",
            "arn:aws:s3:::*-bucket/*",
            "arn:aws:s3:::logs-bucket/a/*",
            "arn:aws:s3:::logs-bucket/a/b:*",
            f"arn:aws:sqs:us-east-1:{acct}:jobs",
            "arn:aws:sqs:*",
            f"arn:aws:sqs:*:{A}:jobs*",
            f"arn:aws:kms:*:{acct}:key/*",
            "arn:aws:kms:us-east-1:*:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            f"arn:aws:dynamodb:*:{acct}:table/Orders",
            f"arn:aws:dynamodb:*:{acct}:table/orders*",
            f"arn:aws:iam::{acct}:role/*",
            f"arn:aws:iam::{A}:role/Deploy",
            f"arn:aws:iam::{A}:user/*",
            f"arn:aws:secretsmanager:us-east-1:{A}:secret:db-??????",
            f"arn:aws:lambda:*:{acct}:function:*",
            f"arn:aws:sns:us-east-1:{acct}:*",
            f"arn:aws:ec2:*:{acct}:instance/*",
            "arn:aws:*:*:*:*",
            "arn:aws:s3:::data-bucket/home/?????/*",
        ]
        if vars_ok:
            forms += [
                "arn:aws:s3:::data-bucket/home/${aws:username}/*",
                "arn:aws:s3:::data-bucket/home/${aws:PrincipalTag/team}/*",
                "arn:aws:s3:::data-bucket/home/${aws:PrincipalTag/team, 'alice'}/*",
                "arn:aws:s3:::data-bucket/home/dev/x${?}y.txt",
                "arn:aws:iam::${aws:PrincipalAccount}:role/*",
                "arn:aws:iam::" + A + ":user/${aws:username}",
                "arn:aws:sqs:us-east-1:" + A + ":${aws:PrincipalTag/Project}",
            ]
        return self.pick(forms)

    def condition(self, allow_set=True):
        """One (operator, key, values) triple."""
        r = self
        fam = r.pick(["string", "string", "string", "numeric", "date", "bool", "ip", "arn", "null",
                      "set", "set", "string_var", "binary"])
        ifx = "IfExists" if r.chance(0.2) else ""
        if fam == "string":
            key = r.pick(["aws:PrincipalTag/team", "aws:PrincipalTag/TEAM", "aws:ResourceTag/env", "aws:RequestTag/env",
                          "aws:RequestedRegion", "aws:PrincipalOrgID", "aws:SourceVpce", "aws:userid",
                          "aws:PrincipalAccount", "aws:SourceAccount", "aws:username", "aws:PrincipalType"])
            op = r.pick(["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
                         "StringLike", "StringNotLike"])
            pool = SINGLE_POOLS.get(key, None) or {
                "aws:PrincipalTag/TEAM": SINGLE_POOLS["aws:PrincipalTag/team"],
                "aws:username": ["alice", "bob", "carol"],
                "aws:PrincipalAccount": [A, B],
                "aws:PrincipalType": ["User", "AssumedRole", "Account"],
            }[key]
            vals = r.r.sample(pool, k=min(len(pool), r.pick([1, 1, 2])))
            if op.endswith("Like") and r.chance(0.5):
                vals = [v[:2] + "*" if len(v) > 2 else "*" for v in vals] + (["?ev"] if r.chance(0.3) else [])
            return op + ifx, key, vals
        if fam == "string_var":
            op = r.pick(["StringEquals", "StringLike", "StringNotEquals"])
            key, val = r.pick([
                ("aws:ResourceTag/env", "${aws:PrincipalTag/team}"),
                ("aws:PrincipalTag/team", "${aws:username}"),
                ("aws:SourceAccount", "${aws:PrincipalAccount}"),
                ("aws:RequestTag/env", "${aws:ResourceTag/env}"),
                ("aws:PrincipalTag/team", "${aws:PrincipalTag/Project, 'dev'}"),
            ])
            return op + ifx, key, [val]
        if fam == "numeric":
            op = r.pick(["NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
                         "NumericEquals", "NumericNotEquals"])
            return op + ifx, "aws:MultiFactorAuthAge", [r.pick(["3600", "300", "7200.0", "1e3"])]
        if fam == "date":
            op = r.pick(["DateLessThan", "DateGreaterThan", "DateEquals", "DateNotEquals", "DateLessThanEquals",
                         "DateGreaterThanEquals"])
            key = r.pick(["aws:CurrentTime", "aws:CurrentTime", "aws:EpochTime"])
            val = r.pick(["2024-01-01T00:00:00Z", "2020-06-30", "2024-06-01T14:00:00+02:00", "1717243200",
                          "2025-01-01T00:00:00Z"])
            return op + ifx, key, [val]
        if fam == "bool":
            key = r.pick(["aws:SecureTransport", "aws:MultiFactorAuthPresent", "aws:ViaAWSService",
                          "aws:PrincipalIsAWSService"])
            return "Bool" + ifx, key, [r.pick(["true", "false"])]
        if fam == "ip":
            op = r.pick(["IpAddress", "NotIpAddress"])
            vals = r.r.sample(["10.0.0.0/16", "192.0.2.0/24", "203.0.113.7", "2001:db8::/32", "10.1.0.0/16"],
                              k=r.pick([1, 2]))
            return op + ifx, "aws:SourceIp", vals
        if fam == "arn":
            op = r.pick(["ArnLike", "ArnEquals", "ArnNotLike", "ArnNotEquals"])
            key = r.pick(["aws:PrincipalArn", "aws:SourceArn"])
            vals = [r.pick([f"arn:aws:iam::{A}:role/*", f"arn:aws:iam::*:user/*", f"arn:aws:iam::{A}:user/alice",
                            f"arn:aws:cloudtrail:*:{A}:trail/*", "arn:aws:s3:::data-bucket",
                            f"arn:aws:iam::{A}:root", "arn:aws:iam::*:role/Deploy", "arn:aws:*:*:*:*"])]
            return op + ifx, key, vals
        if fam == "null":
            key = r.pick(["aws:PrincipalTag/team", "aws:SourceVpce", "aws:MultiFactorAuthAge", "aws:TagKeys",
                          "aws:ResourceTag/env"])
            return "Null", key, [r.pick(["true", "false"])]
        if fam == "binary":
            return "BinaryEquals", "aws:RequestTag/env", [r.pick(["cHJvZA==", "ZGV2"])]
        # set operators
        key = r.pick(list(LIST_POOLS)) if r.chance(0.85) else "aws:RequestTag/env"
        prefix = r.pick(["ForAllValues:", "ForAnyValue:"])
        if key == "aws:TagKeys":
            op = r.pick(["StringEquals", "StringLike", "StringNotEquals", "StringEqualsIgnoreCase"])
            vals = r.r.sample(["env", "team", "owner", "Owner", "c*"], k=r.pick([1, 2, 3]))
        elif key == "aws:PrincipalOrgPaths":
            op = r.pick(["StringLike", "StringNotLike", "StringEquals"])
            vals = [r.pick(["o-abc123/r-ab12/ou-ab12-11111111/*", "o-abc123/*", "o-zzz/*",
                            "o-abc123/r-ab12/ou-ab12-11111111/"])]
        elif key == "aws:CalledVia":
            op = r.pick(["StringEquals", "StringNotEquals"])
            vals = r.r.sample(["cloudformation.amazonaws.com", "athena.amazonaws.com", "glue.amazonaws.com"],
                              k=r.pick([1, 2]))
        else:
            op = "StringEquals"
            vals = ["prod", "dev"]
        return prefix + op + ifx, key, vals

    def conditions(self, n):
        out = {}
        for _ in range(n):
            op, key, vals = self.condition()
            out.setdefault(op, {})
            if key in out[op] or any(k.lower() == key.lower() for k in out[op]):
                continue
            out[op][key] = vals[0] if len(vals) == 1 and self.chance(0.5) else vals
        return out

    def statement(self, kind, effect=None, principal=None):
        st = {}
        if self.chance(0.3):
            st["Sid"] = "S" + str(self.r.randrange(1000))
        st["Effect"] = effect or ("Deny" if self.chance(0.25) else "Allow")
        if principal is not None:
            st[principal[0]] = principal[1]
        acts = [self.action_pattern() for _ in range(self.pick([1, 1, 2, 3]))]
        not_action_ok = kind != "rcp"
        st["NotAction" if not_action_ok and self.chance(0.1) else "Action"] = acts[0] if len(acts) == 1 else acts
        res = [self.resource_pattern(True) for _ in range(self.pick([1, 1, 2]))]
        st["NotResource" if self.chance(0.08) else "Resource"] = res[0] if len(res) == 1 else res
        nc = self.pick([0, 0, 1, 1, 2])
        if nc:
            c = self.conditions(nc)
            if c:
                st["Condition"] = c
        return st

    def version(self):
        return "2008-10-17" if self.chance(0.1) else "2012-10-17"

    def identity_policy(self, kind="identity"):
        stmts = [self.statement(kind) for _ in range(self.pick([1, 2, 3, 4]))]
        return {"Version": self.version(), "Statement": stmts}

    def principal_element(self):
        forms = [
            "*",
            {"AWS": "*"},
            {"AWS": A},
            {"AWS": f"arn:aws:iam::{A}:root"},
            {"AWS": B},
            {"AWS": f"arn:aws:iam::{B}:root"},
            {"AWS": f"arn:aws:iam::{A}:user/alice"},
            {"AWS": f"arn:aws:iam::{A}:user/dev/bob"},
            {"AWS": f"arn:aws:iam::{B}:user/carol"},
            {"AWS": f"arn:aws:iam::{A}:role/Deploy"},
            {"AWS": f"arn:aws:iam::{B}:role/Deploy"},
            {"AWS": f"arn:aws:sts::{A}:assumed-role/Deploy/sess1"},
            {"AWS": f"arn:aws:sts::{A}:federated-user/fed1"},
            {"Service": "ec2.amazonaws.com"},
            {"Service": ["cloudtrail.amazonaws.com", "ec2.amazonaws.com"]},
            {"AWS": [f"arn:aws:iam::{A}:user/alice", B]},
        ]
        return self.pick(forms)

    def resource_policy(self):
        stmts = []
        for _ in range(self.pick([1, 2, 3])):
            if self.chance(0.12):
                eff = "Deny"
                p = ("NotPrincipal", self.pick([{"AWS": [f"arn:aws:iam::{A}:user/alice", f"arn:aws:iam::{A}:root"]},
                                                {"AWS": f"arn:aws:iam::{A}:root"},
                                                {"AWS": [f"arn:aws:iam::{A}:role/Deploy",
                                                         f"arn:aws:sts::{A}:assumed-role/Deploy/sess1",
                                                         f"arn:aws:iam::{A}:root"]}]))
            else:
                eff = None
                p = ("Principal", self.principal_element())
            stmts.append(self.statement("resource", eff, p))
        # keep it a resource policy: a document whose actions are all sts: reads as a role trust
        # policy, which may not have a Resource (iamwarden rejects it; out of iam-simulate's model)
        def acts(st):
            a = st.get("Action", st.get("NotAction"))
            return a if isinstance(a, list) else [a]
        if all(x.lower().startswith("sts:") for st in stmts for x in acts(st)):
            stmts[0]["Action" if "Action" in stmts[0] else "NotAction"] = acts(stmts[0]) + ["s3:GetObject"]
        return {"Version": self.version(), "Statement": stmts}

    def scp(self):
        r = self
        choice = r.pick(["full", "full", "deny_region", "allow_list", "deny_notaction", "random", "random_deny"])
        if choice == "full":
            st = [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        elif choice == "deny_region":
            st = [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
                   "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}]
        elif choice == "allow_list":
            st = [{"Effect": "Allow", "Action": r.r.sample([s + ":*" for s in SERVICES], k=r.pick([2, 4, 8])),
                   "Resource": "*"}]
        elif choice == "deny_notaction":
            st = [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Effect": "Deny", "Action": r.pick(["s3:DeleteObject", "kms:*", "iam:*", "ec2:Terminate*"]),
                   "Resource": "*",
                   "Condition": {r.pick(["ArnNotLike", "StringNotLike"]): {"aws:PrincipalArn": f"arn:aws:iam::*:role/Deploy"}}}]
        elif choice == "random_deny":
            st = [{"Effect": "Allow", "Action": "*", "Resource": "*"}, r.statement("scp", "Deny")]
        else:
            st = [r.statement("scp", "Allow")]
        return {"Version": "2012-10-17", "Statement": st}

    def rcp(self):
        r = self
        choice = r.pick(["secure", "org", "random"])
        if choice == "secure":
            st = {"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*"],
                  "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}
        elif choice == "org":
            st = {"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*", "kms:*"], "Resource": "*",
                  "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"},
                                "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}
        else:
            st = r.statement("rcp", "Deny", ("Principal", "*"))
            acts = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            st["Action"] = [a if a.split(":")[0].lower() in ("s3", "sqs", "kms", "sts", "secretsmanager") else "s3:*"
                            for a in acts]
            st.pop("NotResource", None)
            st["Resource"] = "*"
        return {"Version": "2012-10-17", "Statement": [st]}

    # --- requests ---------------------------------------------------------------------------
    def context(self, principal, kind, action, resource_account):
        ctx = {}
        for key, pool in SINGLE_POOLS.items():
            if self.chance(0.35):
                ctx[key] = self.pick(pool)
        for key, pool in LIST_POOLS.items():
            if self.chance(0.3):
                ctx[key] = list(self.pick(pool))
        if action == "s3:ListBucket" and self.chance(0.5):
            ctx["s3:prefix"] = self.pick(["home/alice/", "reports/", ""])
        # derived keys, supplied explicitly (iam-simulate derives none)
        acct = principal.split(":")[4] if principal.startswith("arn:") else ""
        if kind in ("user", "root", "federated_user"):
            ctx["aws:PrincipalArn"] = principal
        elif kind == "role":
            ctx["aws:PrincipalArn"] = principal
        elif kind == "assumed_role":
            role = principal.split("/")[1]
            ctx["aws:PrincipalArn"] = f"arn:aws:iam::{acct}:role/{role}"
        if kind in ("user", "root", "role", "assumed_role", "federated_user"):
            ctx["aws:PrincipalAccount"] = acct
            ctx["aws:PrincipalIsAWSService"] = "false"
            ctx["aws:PrincipalType"] = {"user": "User", "root": "Account", "role": "AssumedRole",
                                        "assumed_role": "AssumedRole", "federated_user": "FederatedUser"}[kind]
        if kind == "user":
            ctx["aws:username"] = principal.rsplit("/", 1)[1]
        if kind == "service":
            ctx["aws:PrincipalIsAWSService"] = "true"
            ctx["aws:PrincipalServiceName"] = principal.split(":", 1)[1]
        if kind == "anonymous":
            ctx["aws:PrincipalAccount"] = "anonymous"
            ctx["aws:PrincipalType"] = "Anonymous"
        if resource_account:
            ctx["aws:ResourceAccount"] = resource_account
        return ctx

    def request(self):
        principal, kind = self.r.choices(PRINCIPALS, weights=PRINCIPAL_WEIGHTS)[0]
        action, res = self.pick(ACTIONS)
        if self.chance(0.1):
            action = action.split(":")[0] + ":" + action.split(":")[1].lower()  # action case
        acct = self.pick([A, A, A, B])
        res = res.replace("{acct}", acct)
        if res.startswith("arn:aws:s3"):
            resource_account = acct
        elif res == "*":
            resource_account = A if not principal.startswith("arn:") else principal.split(":")[4]
        else:
            resource_account = res.split(":")[4]
        req = {"principal": principal, "action": action, "resource": res, "resource_account": resource_account,
               "context": self.context(principal, kind, action, resource_account)}
        return req, kind

    def scenario(self, k):
        s = {}
        s["identity_policies"] = [self.identity_policy() for _ in range(self.pick([0, 1, 1, 2, 3]))]
        s["permission_boundary"] = self.identity_policy("boundary") if self.chance(0.3) else None
        s["session_policies"] = [self.identity_policy("session")] if self.chance(0.25) else []
        s["resource_policy"] = self.resource_policy() if self.chance(0.6) else None
        s["scps"] = [[self.scp() for _ in range(self.pick([1, 1, 2]))] for _ in range(self.pick([0, 0, 1, 2, 3]))]
        s["rcps"] = [[self.rcp()] for _ in range(self.pick([0, 0, 0, 1, 2]))]
        reqs, kinds = [], []
        for _ in range(k):
            rq, kind = self.request()
            reqs.append(rq)
            kinds.append(kind)
        s["requests"] = reqs
        return s, kinds


def policy_texts(s, kind):
    """Policies that apply to a caller of `kind` (as the runner passes them to iam-simulate)."""
    out = []
    iam = kind not in ("service", "anonymous")
    if iam:
        if kind != "root":
            out += s["identity_policies"]
        if s["permission_boundary"] and kind != "root":
            out.append(s["permission_boundary"])
        if kind in ("role", "assumed_role", "federated_user"):
            out += s["session_policies"]
        out += [p for lvl in s["scps"] for p in lvl]
    if s["resource_policy"]:
        out.append(s["resource_policy"])
    out += [p for lvl in s["rcps"] for p in lvl]
    return out


def own_identities(principal, kind):
    """The ARNs AWS checks for a caller in NotPrincipal besides its account (spec §3.3)."""
    if kind == "assumed_role":
        acct, role = principal.split(":")[4], principal.split("/")[1]
        return {principal, f"arn:aws:iam::{acct}:role/{role}"}
    if kind in ("user", "role", "federated_user", "root"):
        return {principal}
    return {principal.split(":", 1)[1]} if kind == "service" else set()


def not_principal_tags(policy, principal, kind):
    tags = set()
    acct = principal.split(":")[4] if principal.startswith("arn:") else None
    for st in policy["Statement"]:
        if "NotPrincipal" not in st:
            continue
        tags.add("not-principal")
        vals = []
        for v in st["NotPrincipal"].values():
            vals += v if isinstance(v, list) else [v]
        lists_account = acct is not None and (acct in vals or f"arn:aws:iam::{acct}:root" in vals)
        lists_self = bool(own_identities(principal, kind) & set(vals))
        if lists_account and not lists_self and kind != "root":
            tags.add("np-account-only")
        if lists_self and not lists_account:
            tags.add("np-self-only")
    return tags


NEGATED = ("StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike", "StringNotEqualsIgnoreCase")


def missing_var_in_negated(pols, ctx):
    """A negated String/ARN condition value (2012-10-17 policy) names a variable without a
    default whose key is absent from the context."""
    keys = {k.lower() for k in ctx}
    for p in pols:
        if p.get("Version") != "2012-10-17":
            continue
        sts = p["Statement"] if isinstance(p["Statement"], list) else [p["Statement"]]
        for st in sts:
            for op, kv in st.get("Condition", {}).items():
                base = op.split(":")[-1].replace("IfExists", "")
                if base not in NEGATED:
                    continue
                for vals in kv.values():
                    for v in vals if isinstance(vals, list) else [vals]:
                        if "${" in v and "," not in v and v[v.index("${") + 2:v.index("}")].lower() not in keys:
                            return True
    return False


def statement_feature_tags(pols, ctx):
    keys = {k.lower() for k in ctx}
    tags = set()
    for p in pols:
        sts = p["Statement"] if isinstance(p["Statement"], list) else [p["Statement"]]
        for st in sts:
            nr = st.get("NotResource", [])
            for v in nr if isinstance(nr, list) else [nr]:
                if v != "*" and v.count(":") < 5:
                    tags.add("short-notresource")
            for op, kv in st.get("Condition", {}).items():
                for key, vals in kv.items():
                    vals = vals if isinstance(vals, list) else [vals]
                    if ":" in op and op.endswith("IfExists") and key.lower() not in keys:
                        tags.add("set-ifexists-absent")
                    if op.lower().startswith("date"):
                        for v in vals:
                            digits = v.isdigit()
                            if (key.lower() == "aws:epochtime") != digits:
                                tags.add("date-mixed-format")
    return tags


def numeric_values(p):
    sts = p["Statement"] if isinstance(p["Statement"], list) else [p["Statement"]]
    for st in sts:
        for op, kv in st.get("Condition", {}).items():
            if op.lower().startswith("numeric"):
                for vals in kv.values():
                    yield from (vals if isinstance(vals, list) else [vals])


def direct_session_grant(policy, principal, kind):
    """The resource policy has an Allow whose Principal names this session or federated user
    exactly, or everyone."""
    if kind not in ("assumed_role", "federated_user"):
        return False
    for st in policy["Statement"]:
        if st["Effect"] != "Allow" or "Principal" not in st:
            continue
        pr = st["Principal"]
        if pr == "*":
            return True
        vals = pr.get("AWS", [])
        vals = vals if isinstance(vals, list) else [vals]
        if "*" in vals or principal in vals:
            return True
    return False


def tags_for(s, req, kind):
    """Features that known differences depend on (see known.json)."""
    tags = set()
    pols = policy_texts(s, kind)
    if missing_var_in_negated(pols, req["context"]):
        tags.add("var-missing-negated")
    tags |= statement_feature_tags(pols, req["context"])
    empty = {k.lower() for k, v in req["context"].items() if v == ""}
    if any(", '" in t and t.split("${", 1)[1].split(",")[0].lower() in empty
           for p in pols for t in json.dumps(p).split('"') if "${" in t and p.get("Version") == "2012-10-17"):
        tags.add("var-default-empty-value")
    if any(v for p in pols for v in numeric_values(p) if "e" in v.lower()):
        tags.add("numeric-exponent")
    if req["action"].lower() == "sts:assumerole" and not s["resource_policy"]:
        tags.add("trust-no-resource-policy")
    if kind == "federated_user" and not s["session_policies"]:
        tags.add("federated-no-session-policy")
    if s["resource_policy"] and s["session_policies"] and direct_session_grant(s["resource_policy"], req["principal"], kind):
        tags.add("direct-grant-session")
    if any(p.get("Version") != "2012-10-17" and "${" in json.dumps(p) for p in pols):
        tags.add("vars-2008")
    tags.add("principal-" + kind)
    svc, name = req["action"].split(":")
    action = req["action"].lower()
    # Calls AWS refuses for the caller's credential type before reading policies (spec §3.3 step 1).
    if ((kind == "federated_user" and svc.lower() in ("iam", "sts") and action != "sts:getcalleridentity")
            or (kind == "root" and action == "sts:assumerole")
            or (kind in ("role", "assumed_role") and action in ("sts:getfederationtoken", "sts:getsessiontoken"))):
        tags.add("caller-refusal")
    if action == "sts:getsessiontoken" and kind in ("user", "root"):
        tags.add("session-token-free")
    if action in ("s3:getbucketpolicy", "s3:putbucketpolicy", "s3:deletebucketpolicy"):
        tags.add("bucket-policy-action")
    if req["action"].lower() in ("sts:assumerole",):
        tags.add("trust-action")
    if svc == "kms":
        tags.add("kms-key")
    acct = req["principal"].split(":")[4] if req["principal"].startswith("arn:") else ""
    tags.add("same-account" if acct == req["resource_account"] else "cross-account")
    if s["permission_boundary"]:
        tags.add("boundary")
    if s["session_policies"]:
        tags.add("session-policy")
    if s["resource_policy"]:
        tags.add("resource-policy")
        tags |= not_principal_tags(s["resource_policy"], req["principal"], kind)
    if s["scps"]:
        tags.add("scps")
    if s["rcps"]:
        tags.add("rcps")
    return sorted(tags)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--per-scenario", type=int, default=20)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    g = Gen(rng)
    os.makedirs(a.out, exist_ok=True)
    n_scen = (a.requests + a.per_scenario - 1) // a.per_scenario
    left = a.requests
    with open(os.path.join(a.out, "meta.jsonl"), "w") as meta:
        for i in range(n_scen):
            k = min(a.per_scenario, left)
            left -= k
            s, kinds = g.scenario(k)
            name = f"s{i:04d}.json"
            with open(os.path.join(a.out, name), "w") as f:
                json.dump(s, f, indent=None)
            for j, (rq, kind) in enumerate(zip(s["requests"], kinds)):
                meta.write(json.dumps({"scenario": name, "index": j, "tags": tags_for(s, rq, kind)}) + "\n")


if __name__ == "__main__":
    main()
