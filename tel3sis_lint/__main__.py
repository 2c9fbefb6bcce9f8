"""``python -m tel3sis_lint``."""

from .cli import console_main

console_main()
