variable "n" {
  default = 7
}
int      = 42
float    = 3.25
exp      = 1e3
neg      = -2.5
yes      = true
nothing  = null
sum      = 1 + 2 * 3
paren    = (1 + 2) * 3
mod      = 10 % 4
div      = 7 / 2
cmp      = var.n >= 7 && var.n < 8
or_      = false || !false
eq_types = 1 == "1"
eq_lists = [1, "a"] == [1, "a"]
cond     = var.n > 5 ? "big" : "small"
numstr   = "5" + 1
chain    = 1 - 2 - 3
