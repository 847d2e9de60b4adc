# A CI role that deploys the application. Its policy looks scoped ("only IAM policies"), but
# iam:AttachRolePolicy on every role lets it attach AdministratorAccess to itself:
#   iamwarden iac examples/iac/terraform --paths
# reports privilege-escalation-principal on module.ci.aws_iam_role.deploy.

variable "environment" {
  type    = string
  default = "prod"
}

variable "artifact_bucket_arn" {
  type = string
}

data "aws_caller_identity" "current" {}

module "ci" {
  source       = "./modules/ci"
  role_name    = "ci-deploy-${var.environment}"
  account_id   = data.aws_caller_identity.current.account_id
  artifact_arn = var.artifact_bucket_arn
}

resource "aws_s3_bucket" "assets" {
  bucket = "app-assets-${var.environment}"
}

# iamwarden:ignore public-principal public website assets, reviewed in SEC-42
resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.assets.arn}/*"
    }]
  })
}
