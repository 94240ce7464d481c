"""Regenerate the example reports in reports/ (JPAC vs Kidspace) with the current code; `--check` compares."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEFT = "corpus/jpac/social-media-policy.txt"
RIGHT = "corpus/kidspace/social-media-policy.txt"
REPORTS = {
    "jpac-vs-kidspace.html": [],
    "jpac-vs-kidspace.md": [],
    "jpac-vs-kidspace.json": [],
    "jpac-vs-kidspace.docx": ["--cover"],
}


def generate(folder: Path) -> list[Path]:
    """Write every example report into `folder` and return their paths."""
    written = []
    for name, extra in REPORTS.items():
        out = folder / name
        out_arg = str(out.relative_to(ROOT)) if out.is_relative_to(ROOT) else str(out)
        subprocess.run(
            [sys.executable, "-m", "policydiff", "compare", LEFT, RIGHT, "-o", out_arg, *extra],
            cwd=ROOT,
            check=True,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        )
        written.append(out)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if reports/ is out of date")
    args = parser.parse_args()
    if not args.check:
        for path in generate(ROOT / "reports"):
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        stale = [
            p.name
            for p in generate(Path(tmp))
            if not (ROOT / "reports" / p.name).exists()
            or (ROOT / "reports" / p.name).read_bytes() != p.read_bytes()
        ]
    for name in stale:
        print(f"reports/{name} is out of date: run python scripts/make_reports.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
