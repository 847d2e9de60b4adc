# A leading comment
region = "us-east-1" // trailing
resource "aws_iam_role" deploy {
  name = "deploy"
  /* block
     comment */
  tags = { team = "ops", "cost-center" = 42 }
  inline { a = 1 }
}
empty "x" {}
