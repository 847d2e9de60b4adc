resource "a-${x}" "b" {}
