variable "roles" {
  default = [
    { name = "a", arn = "arn:aws:iam::1:role/a" },
    { name = "b", arn = "arn:aws:iam::1:role/b" },
  ]
}
variable "tags" {
  default = { team = "ops", env = "prod" }
}
tuple       = [1, "two", [3]]
object      = { b = 1, a = 2, "c-d" = 3, "x": 4 }
index       = var.roles[1].name
key         = var.tags["team"]
legacy      = var.roles.0.arn
splat       = var.roles[*].arn
attr_splat  = var.roles.*.name
splat_null  = null[*]
splat_one   = var.tags[*].team
for_tuple   = [for r in var.roles : upper(r.name)]
for_index   = [for i, r in var.roles : i]
for_if      = [for r in var.roles : r.name if r.name != "a"]
for_object  = { for r in var.roles : r.name => r.arn }
for_map     = { for k, v in var.tags : v => k }
grouped     = { for s in ["ab", "ac", "bc"] : substr(s, 0, 1) => s... }
expand      = concat([["x"], var.roles[*].name]...)
dup_key     = { for s in ["a", "a"] : s => s }
missing     = var.tags.nope
out_of_range = var.roles[5]
