"""Print the Nth fenced shell block of the README's `## Quick start` section (CI runs them verbatim)."""

import re
import sys
from pathlib import Path

text = Path(__file__).resolve().parent.parent.joinpath("README.md").read_text("utf-8")
section = re.search(r"^## Quick start\s*$(.*?)(?=^## |\Z)", text, re.S | re.M)
if section is None:
    sys.exit("README.md has no '## Quick start' section")
blocks = re.findall(r"^```(?:bash|sh|shell)?\s*$(.*?)^```\s*$", section.group(1), re.S | re.M)
index = int(sys.argv[1]) - 1
if len(blocks) != 2 or not 0 <= index < len(blocks):
    sys.exit(f"README.md's Quick start must hold exactly two fenced blocks, found {len(blocks)}")
print(blocks[index].strip())
