plain = <<EOF
{
  "Version": "2012-10-17"
}
EOF
indented = <<-EOT
    line one
      line two ${var.x}
    EOT
