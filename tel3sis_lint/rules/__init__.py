"""The built-in rule pack: one module per family, each registered through the public hook."""
