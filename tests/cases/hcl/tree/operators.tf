a = 1 + 2 * 3
b = !var.x || var.y && var.z
c = var.n >= 10 ? "big" : "small"
d = -5 - -var.n
e = (1 + 2) * 3
f = var.a == var.b != false
g = 10 % 3 / 2
