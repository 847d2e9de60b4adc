locals {
  services = {
    reader = "s3:GetObject"
    admin  = "*"
  }
}

resource "aws_iam_role" "svc" {
  for_each = local.services
  name     = "svc-${each.key}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "main"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = each.value, Resource = "*" }]
    })
  }
}

resource "aws_iam_group_policy" "ops" {
  count = 2
  group = "ops-${count.index}"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*" }]
  })
}

data "aws_iam_policy_document" "dyn" {
  dynamic "statement" {
    for_each = ["secretsmanager:GetSecretValue", "iam:PutUserPolicy"]
    content {
      actions   = [statement.value]
      resources = ["*"]
    }
  }
}

resource "aws_iam_policy" "dyn" {
  name   = "dyn"
  policy = data.aws_iam_policy_document.dyn.json
}
