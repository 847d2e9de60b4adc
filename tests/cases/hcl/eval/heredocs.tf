# HCL's heredoc rules: <<EOT keeps the text as written; <<-EOT removes the smallest
# indentation of the non-blank lines (a tab counts as one character, other Unicode spaces
# are text).
locals {
  bar       = "Bar"
  space_bar = "  Bar"
}
basic = <<EOT
Foo
Bar
Baz
EOT
indented = <<EOT
    Foo
    Bar
    Baz
  EOT
interp = <<EOT
    Foo
    ${local.bar}
    Baz
  EOT
marker_at_suffix = <<EOT
    NOT EOT
  EOT
flush_indented = <<-EOT
    Foo
    Bar
    Baz
  EOT
flush_indented_more = <<-EOT
    Foo
      Bar
    Baz
  EOT
flush_indented_less = <<-EOT
    Foo
  Bar
    Baz
  EOT
flush_interp_indented_more = <<-EOT
    Foo
      ${local.bar}
    Baz
  EOT
flush_interp_indented_less = <<-EOT
    Foo
  ${local.space_bar}
    Baz
  EOT
flush_tabs = <<-EOT
	Foo
  Bar
  Baz
  EOT
flush_unicode_spaces = <<-EOT
  Foo
    Bar
    Baz
  EOT
flush_newlines_between = <<-EOT
    Foo

    Bar

    Baz
  EOT
