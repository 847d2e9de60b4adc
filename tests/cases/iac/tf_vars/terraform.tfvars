admin = true
