data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["ec2:Describe*", "iam:PassRole"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "queue" {
  name = "queue"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sqs:*"
      Resource = "*"
    }]
  })
}
