#!/usr/bin/env bash
# `iamwarden iac` end to end, as a user runs it:
#   1. a generated Terraform tree of FILES files (default 5000; one module per directory of 50
#      files, roles, policies, policy documents, attachments, bucket policies) -- target <= 2 s;
#   2. TEMPLATES generated CloudFormation templates (default 200), side by side with cfn-lint
#      (when installed) on the same files.
# Usage: bash bench/iac_bench.sh [iamwarden-binary]   (default build/release/iamwarden)
# Prints a Markdown table of wall-clock seconds (best of 3).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/release/iamwarden}
files=${FILES:-5000}
templates=${TEMPLATES:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$files" "$templates" <<'PY'
import os, sys
work, files, templates = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tf = os.path.join(work, "tf")
for i in range(files):
    d = os.path.join(tf, f"svc{i // 50:03d}")
    os.makedirs(d, exist_ok=True)
    n = f"s{i}"
    with open(os.path.join(d, f"{n}.tf"), "w") as f:
        f.write(f'''
data "aws_iam_policy_document" "{n}_trust" {{
  statement {{
    actions = ["sts:AssumeRole"]
    principals {{
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }}
  }}
}}

resource "aws_iam_role" "{n}" {{
  name               = "{n}-role"
  assume_role_policy = data.aws_iam_policy_document.{n}_trust.json
}}

data "aws_iam_policy_document" "{n}" {{
  statement {{
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::{n}-data", "arn:aws:s3:::{n}-data/*"]
  }}
  statement {{
    sid       = "Queue"
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:us-east-1:123456789012:{n}"]
  }}
}}

resource "aws_iam_policy" "{n}" {{
  name   = "{n}-policy"
  policy = data.aws_iam_policy_document.{n}.json
}}

resource "aws_iam_role_policy_attachment" "{n}" {{
  role       = aws_iam_role.{n}.name
  policy_arn = aws_iam_policy.{n}.arn
}}

resource "aws_s3_bucket_policy" "{n}" {{
  bucket = "{n}-data"
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::{n}-data/*",
                   Condition = {{ Bool = {{ "aws:SecureTransport" = "false" }} }} }}]
  }})
}}
''')
cfn = os.path.join(work, "cfn")
os.makedirs(cfn)
for i in range(templates):
    with open(os.path.join(cfn, f"t{i}.yaml"), "w") as f:
        f.write(f'''AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
''')
        for r in range(10):
            f.write(f'''  Role{r}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "t{i}-r{r}-${{Stage}}"
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {{Service: lambda.amazonaws.com}}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: main
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: !Sub "arn:${{AWS::Partition}}:s3:::t{i}-{r}/*"
  Bucket{r}:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: t{i}-b{r}
''')
PY

best() {  # COMMAND...: the best wall-clock time of 3 runs, in seconds
  local b=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || true
    e=$(date +%s.%N)
    b=$(python3 -c "import sys; t=$e-$s; b='$b'; print(t if not b or t < float(b) else b)")
  done
  printf '%.2f' "$b"
}

tf_files=$(find "$work/tf" -name '*.tf' | wc -l)
tf_time=$(best "$bin" iac "$work/tf" --format json)
tf_paths=$(best "$bin" iac "$work/tf" --paths --format json)
cfn_time=$(best "$bin" iac "$work/cfn" --format json)
echo "| run | files | seconds |"
echo "|---|---:|---:|"
echo "| iamwarden iac, Terraform tree | $tf_files | $tf_time |"
echo "| iamwarden iac --paths, Terraform tree | $tf_files | $tf_paths |"
echo "| iamwarden iac, CloudFormation templates | $templates | $cfn_time |"
if command -v cfn-lint > /dev/null; then
  lint_time=$(best cfn-lint "$work/cfn/*.yaml")
  ratio=$(python3 -c "print('%.0f' % ($lint_time / max($cfn_time, 0.001)))")
  echo "| cfn-lint $(cfn-lint --version 2>&1 | awk '{print $2}'), same templates | $templates | $lint_time (${ratio}x) |"
else
  echo "| cfn-lint: not installed, skipped | | |"
fi
