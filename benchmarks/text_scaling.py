"""How the plain-text reader scales: hostile inputs at 1x, 4x and 16x, with time and output-size ratios.

    python benchmarks/text_scaling.py                 # every case, base sizes
    python benchmarks/text_scaling.py --scale 0.25    # quicker, smaller inputs
    python benchmarks/text_scaling.py --case headings --case link

Each case builds its input at three sizes; for linear work the time ratios come out near the size ratios
(4 and 16). `headings` also runs `policydiff compare x x --format html` in a subprocess and reports the
report's size per input byte, which stays constant when section paths stay bounded.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from policydiff import parse_bytes
from policydiff.readers.text import parse_inline

FACTORS = (1, 4, 16)


def implicit_headings(count: int) -> str:
    """Return an underlined title and heading, then `count` implicit headings each over one sentence."""
    lines = ["Safety Policy", "=============", "", "General rules", "-------------", ""]
    for i in range(count):
        lines += [f"Heading number {i}", f"Staff follow rule {i} at all times.", ""]
    return "\n".join(lines)


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


# name -> (base size, input builder, what is run on it)
def _inline(text: str) -> object:
    return parse_inline(text)


def _read(text: str) -> object:
    return parse_bytes(text.encode("utf-8"), "input.txt")


CASES: dict[str, tuple[int, Callable[[int], str], Callable[[str], object]]] = {
    "headings": (1_250, implicit_headings, _read),
    "link": (62_500, lambda n: _repeat("[a](", n), _inline),
    "strong": (62_500, lambda n: _repeat("**a ", n), _inline),
    "underscore": (62_500, lambda n: _repeat("_", n), _inline),
    "backtick": (62_500, lambda n: _repeat("`` a", n), _inline),
    "autolink": (62_500, lambda n: _repeat("<http://a", n), _inline),
    "atx-spaces": (62_500, lambda n: "# Safety" + " " * n + "x\n\nStaff sign in.\n", _read),
    "table-rule": (250_000, lambda n: "| A |\n|--" + " " * n + "x|\n", _read),
    "wrapped": (
        2_000,
        lambda n: (
            "Policy\n\n"
            + "Staff must report every concern to the safeguarding lead on the\nsame day, in writing.\n\n" * n
        ),
        _read,
    ),
}


def _time(run: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(text)
        best = min(best, time.perf_counter() - start)
    return best


def _html_bytes(text: str) -> int:
    """Return the size of `policydiff compare x x --format html` for `text`."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "input.txt"
        source.write_text(text, encoding="utf-8")
        report = Path(tmp) / "report.html"
        subprocess.run(
            [sys.executable, "-m", "policydiff", "compare", str(source), str(source), "-o", str(report)],
            check=True,
            capture_output=True,
        )
        return report.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only these cases")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args(argv)
    print(f"{'case':12} {'size':>10} {'bytes':>11} {'ms':>9} {'time x':>7} {'html/byte':>9}")
    for name in args.case or list(CASES):
        base, build, run = CASES[name]
        first: float | None = None
        for factor in FACTORS:
            size = max(1, int(base * args.scale * factor))
            text = build(size)
            seconds = _time(run, text, args.repeat)
            first = first or max(seconds, 1e-9)
            html = f"{_html_bytes(text) / len(text.encode('utf-8')):9.1f}" if name == "headings" else ""
            print(
                f"{name:12} {size:>10,} {len(text.encode('utf-8')):>11,} {seconds * 1000:9.1f} "
                f"{seconds / first:7.1f} {html:>9}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
