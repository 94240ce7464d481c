"""`Options`: one frozen value holding what shapes a run (thresholds, slots, budget, encoding).

The command line builds it from `policydiff.toml` and its flags; the Python API takes it as
`options=` (keywords given beside it win). Importing this module loads nothing heavy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from policydiff._values import dataclass, replace

# `pathlib` is imported only for a settings file named with --config, `typing` only by type checkers
# (mypy reads a module-level `TYPE_CHECKING` as true).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from policydiff.align import Thresholds

DEFAULT_BUDGET = 2.0
"""Seconds of word-level diff per clause pair before a whole-clause fallback (`inline.DEFAULT_BUDGET`)."""


@dataclass(frozen=True, slots=True)
class Options:
    """What shapes a comparison, a history or a matrix, as `policydiff.toml` spells it.

    `thresholds`: alignment thresholds (None: the tuned defaults); `slots`: (OLD, NEW) pairs treated as
    one organisation-specific slot; `no_slots`: no slot detection; `budget`: seconds of word-level diff
    per clause pair; `encoding`: the text inputs' encoding (None: detected).
    """

    thresholds: Thresholds | None = None
    slots: tuple[tuple[str, str], ...] = ()
    no_slots: bool = False
    budget: float = DEFAULT_BUDGET
    encoding: str | None = None

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], source: str | None = None) -> Options:
        """Return the options of checked settings (`config.load`); bad values raise `UsageError`."""
        from policydiff import config
        from policydiff.compare import parse_slot

        return cls(
            thresholds=config.thresholds(dict(settings), source) if "thresholds" in settings else None,
            slots=tuple(parse_slot(s) for s in settings.get("slots", [])),
            no_slots=bool(settings.get("no_slots", False)),
            budget=float(settings.get("budget", DEFAULT_BUDGET)),
            encoding=settings.get("encoding"),
        )

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> Options:
        """Return the options in a settings file; without `path`, `./policydiff.toml` or
        `[tool.policydiff]` in `./pyproject.toml` (the defaults when neither exists)."""
        from policydiff import config

        if path is not None:
            from pathlib import Path

            found: Path | None = Path(path)
        else:
            found = config.find()
        return cls.from_settings(config.load(found), str(found) if found else None)

    def with_(
        self,
        *,
        thresholds: Thresholds | Mapping[str, float] | None = None,
        slots: Iterable[str | tuple[str, str]] = (),
        no_slots: bool = False,
        budget: float | None = None,
        encoding: str | None = None,
    ) -> Options:
        """Return these options with the ones given laid over them: `slots` are added, `no_slots`
        turns slots off, the others replace what is here when not None."""
        from policydiff.compare import parse_slot

        if isinstance(thresholds, Mapping):
            from policydiff import config

            thresholds = config.thresholds({"thresholds": dict(thresholds)}, None)
        extra = tuple(parse_slot(s) if isinstance(s, str) else (s[0], s[1]) for s in slots)
        return replace(
            self,
            thresholds=self.thresholds if thresholds is None else thresholds,
            slots=self.slots + extra,
            no_slots=self.no_slots or no_slots,
            budget=self.budget if budget is None else budget,
            encoding=self.encoding if encoding is None else encoding,
        )
