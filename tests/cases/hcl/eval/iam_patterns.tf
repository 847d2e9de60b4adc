# Patterns Terraform code uses to build IAM policies.
variable "buckets" {
  type    = list(string)
  default = ["logs", "data"]
}

variable "admins" {
  type = map(object({ arn = string, mfa = bool }))
  default = {
    alice = { arn = "arn:aws:iam::111122223333:user/alice", mfa = true }
    bob   = { arn = "arn:aws:iam::111122223333:user/bob", mfa = false }
  }
}

locals {
  # Multi-line expressions inside brackets and parentheses.
  bucket_arns = flatten([
    for b in var.buckets : [
      "arn:aws:s3:::${b}",
      "arn:aws:s3:::${b}/*", // objects
    ]
  ])
  mfa_admins = [
    for name, a in var.admins : a.arn
    if a.mfa
  ]
  effect = (
    length(var.buckets) > 1
    ? "Allow"
    : "Deny"
  )
  statement = {
    Sid      = "Read"
    Effect   = local.effect
    Action   = ["s3:GetObject", "s3:ListBucket"]
    Resource = local.bucket_arns
    Condition = {
      StringEquals = { "aws:PrincipalTag/team" = "$${aws:PrincipalTag/team}" }
    }
  }
}

policy = jsonencode({
  Version   = "2012-10-17"
  Statement = [local.statement]
})

trust = <<-JSON
  {
    "Version": "2012-10-17",
    "Statement": [{
      "Effect": "Allow",
      "Principal": {"AWS": ${jsonencode(local.mfa_admins)}},
      "Action": "sts:AssumeRole"
    }]
  }
  JSON

user_arns = [for u in values(var.admins) : u.arn]
names     = keys(var.admins)
by_mfa    = { for n, a in var.admins : (a.mfa ? "mfa" : "none") => n... }
