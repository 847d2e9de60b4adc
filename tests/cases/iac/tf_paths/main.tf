module "ci" {
  source = "./modules/ci"
  name   = "ci"
}

resource "aws_iam_user" "dev" {
  name = "dev"
}

resource "aws_iam_group" "devs" {
  name = "devs"
}

resource "aws_iam_user_group_membership" "dev" {
  user   = aws_iam_user.dev.name
  groups = [aws_iam_group.devs.name]
}

resource "aws_iam_group_policy_attachment" "devs" {
  group      = aws_iam_group.devs.name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}
