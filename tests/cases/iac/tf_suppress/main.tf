# iamwarden:ignore admin-wildcard break-glass role, approved in SEC-9
resource "aws_iam_policy" "breakglass" {
  name = "breakglass"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "ci" {
  name = "ci"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      // iamwarden:ignore data-exfiltration
      { Effect = "Allow", Action = "s3:GetObject", Resource = "*" },
      # iamwarden:ignore credentials-exposure the pipeline mints its own tokens
      { Effect = "Allow", Action = "ecr:GetAuthorizationToken", Resource = "*" },
    ]
  })
}
