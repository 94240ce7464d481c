"""The exception root and its subclasses, each carrying the path and the cause a user needs."""

from __future__ import annotations


class PolicydiffError(Exception):
    """Root of every error policydiff raises on purpose; the CLI turns it into one line and exit 2."""

    def __init__(self, cause: str, path: str | None = None) -> None:
        super().__init__(cause)
        self.cause = cause
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.cause}" if self.path else self.cause


class ReadError(PolicydiffError):
    """An input could not be read: missing, unsupported, corrupt, unsafe or over a limit."""


class UnsupportedFormatError(ReadError):
    """The input is a format policydiff does not read (PDF, spreadsheet, image …)."""


class ConversionError(ReadError):
    """A legacy format needed LibreOffice to convert it, and that failed or is not installed."""


class WriteError(PolicydiffError):
    """An output could not be written (it would overwrite an input, or the folder is not writable)."""


class UsageError(PolicydiffError):
    """Options that do not fit together or a malformed option value."""
