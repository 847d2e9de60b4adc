a = [for s in var.list : upper(s)]
b = [for i, s in var.list : "${i}=${s}" if s != ""]
c = {for k, v in var.map : k => v}
d = {for p in var.people : p.team => p.name...}
e = concat(var.x, var.y...)
f = provider::aws::arn_parse("x")
