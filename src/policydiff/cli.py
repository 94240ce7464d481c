"""The `policydiff` command line: parse options, make one library call, write the result atomically."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from policydiff import __version__
from policydiff.errors import PolicydiffError, UsageError
from policydiff.model import Diagnostic

EXIT_OK = 0
EXIT_DIFFERENCES = 1
"""Differences found: only with `--exit-code`."""
EXIT_BAD_INPUT = 2
"""Bad input or usage."""
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

_SUFFIX_FORMATS = {
    ".json": "json",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".csv": "csv",
}


def output_format(fmt: str | None, out: str | None, allowed: Sequence[str], default: str) -> str:
    """Return the output format: `--format`, else the suffix of `-o`, else `default`."""
    if fmt is not None:
        return fmt
    if out:
        guessed = _SUFFIX_FORMATS.get(Path(out).suffix.lower())
        if guessed is not None and guessed in allowed:
            return guessed
        raise UsageError(
            f"cannot tell the format from the suffix of {out!r}; pass --format ({'|'.join(allowed)})"
        )
    return default


def emit(data: bytes, out: str | None, inputs: Iterable[str]) -> None:
    """Write `data` to `out` atomically (never over an input), or to stdout without `-o`."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from policydiff._io import write_atomic

    write_atomic(out, data, inputs=list(inputs))


def warn(diagnostics: Iterable[Diagnostic]) -> None:
    """Print each warning once on stderr as `policydiff: warning: <file>: <message>`."""
    for d in dict.fromkeys(diagnostics):
        where = f"{d.path}: " if d.path else ""
        click.echo(f"policydiff: warning: {where}{d.message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policydiff")
@click.option("--debug", is_flag=True, help="Show a traceback on an internal error.")
def cli(debug: bool) -> None:
    """Compare and version policy documents clause by clause."""


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default=None,
    help="Output format (default: from -o's suffix, else text).",
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of stdout.",
)
@click.option("--encoding", default=None, help="Encoding of a text input (default: detected).")
def parse(file: str, fmt: str | None, out: str | None, encoding: str | None) -> None:
    """Show the clauses of FILE (TXT, Markdown, DOCX) as a tree or as JSON."""
    from policydiff import parse as parse_policy

    chosen = output_format(fmt, out, ["text", "json"], "text")
    policy = parse_policy(file, encoding=encoding)
    if chosen == "json":
        from policydiff.renderers.json import render_document

        data = render_document(policy, options={"encoding": encoding})
    else:
        from policydiff.renderers.text import render_document as render_text

        data = render_text(policy)
    warn(policy.warnings)
    emit(data, out, [file])


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"policydiff: error: {message}", err=True)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; every failure becomes one line on stderr and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result: Any = cli.main(args=args, prog_name="policydiff", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _fail("interrupted", EXIT_INTERRUPTED)
    except click.UsageError as exc:
        _fail(exc.format_message(), EXIT_BAD_INPUT)
    except PolicydiffError as exc:
        if debug:
            raise
        _fail(str(exc), EXIT_BAD_INPUT)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except click.ClickException as exc:
        _fail(exc.format_message(), EXIT_BAD_INPUT)
    except Exception as exc:
        if debug:
            raise
        _fail(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)", EXIT_INTERNAL
        )
    sys.exit(result if isinstance(result, int) else EXIT_OK)
