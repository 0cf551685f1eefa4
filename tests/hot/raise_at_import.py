import broken_module  # raises while it is imported

print("not reached")
