a = "x\qy"
