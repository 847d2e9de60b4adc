variable "actions" {
  type    = list(string)
  default = ["s3:GetObject"]
}

variable "resource" {
  type    = string
  default = "arn:aws:s3:::safe/*"
}

variable "admin" {
  type = bool
}

resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = var.resource }]
  })
}

resource "aws_iam_policy" "q" {
  name = "q"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.admin ? "*" : "s3:ListBucket", Resource = "*" }]
  })
}
