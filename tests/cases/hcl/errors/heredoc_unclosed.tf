a = <<EOF
line
