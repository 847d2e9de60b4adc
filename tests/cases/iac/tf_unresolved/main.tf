variable "actions" {
  type = list(string)
}

variable "trusted" {
  type = string
}

resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = var.trusted }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "r" {
  role = aws_iam_role.r.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
