# External access decided from Terraform, as `access external` decides it, with the
# organization o-a1b2c3d4e5 as the zone of trust.
resource "aws_s3_bucket" "site" {
  bucket = "public-site"
}

# Anyone may read: public-access.
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
    }]
  })
}

resource "aws_s3_bucket" "shared" {
  bucket = "org-shared"
}

# Anyone in the organization: restricted by aws:PrincipalOrgID, no external access; members of
# another organization: external-access.
resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OrgRead"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.shared.arn}/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
      {
        Sid       = "OtherOrgList"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:ListBucket"
        Resource  = aws_s3_bucket.shared.arn
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-zzzzzzzzzz" } }
      },
    ]
  })
}
