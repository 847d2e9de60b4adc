variable "bucket" {
  default = "logs"
}
variable "names" {
  default = ["a", "b", "c"]
}
arn      = "arn:aws:s3:::${var.bucket}/*"
escapes  = "tab\tquote\" dollar $${x} pct %%{y} \u00e9"
number   = "n=${1 + 1} b=${true}"
if_      = "%{ if var.bucket == "logs" }L%{ else }O%{ endif }"
for_     = "%{ for i, n in var.names }${i}:${n};%{ endfor }"
strip    = "[ %{~ for n in var.names ~} ${n} %{~ endfor ~} ]"
whole    = "${var.names}"
partial  = "arn:aws:iam::${var.account}:role/${var.bucket}"
heredoc  = <<EOF
{"Resource": "arn:aws:s3:::${var.bucket}"}
EOF
flush    = <<-EOT
    first
      second
    EOT
