a = [for x of var.l : x]
