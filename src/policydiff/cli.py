"""The `policydiff` command line: parse options, make one library call, write the result atomically."""

from __future__ import annotations

import gc
import itertools
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import click

from policydiff import __version__
from policydiff.errors import PolicydiffError, UsageError
from policydiff.model import Diagnostic

_F = TypeVar("_F", bound=Callable[..., Any])
_T = TypeVar("_T")

EXIT_OK = 0
EXIT_DIFFERENCES = 1
"""Differences found: only with `--exit-code`."""
EXIT_BAD_INPUT = 2
"""Bad input or usage."""
EXIT_INTERNAL = 70
EXIT_HANGUP = 128 + 1
"""Stopped by SIGHUP (the terminal went away); temporary files removed."""
EXIT_INTERRUPTED = 128 + 2
"""Stopped by SIGINT (Ctrl-C); temporary files removed."""
EXIT_TERMINATED = 128 + 15
"""Stopped by SIGTERM; temporary files removed."""


class Stopped(BaseException):
    """A signal (SIGTERM, SIGHUP) asked the run to stop: raised where the run is, like
    `KeyboardInterrupt`, so that partly written files are cleaned up on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


def _catch_signals() -> None:
    """Turn SIGTERM and SIGHUP into `Stopped` (unless ignored on entry, as under `nohup`)."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _stop)


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


def output_format(
    fmt: str | None, out: str | None, allowed: Sequence[str], default: str, inputs: Iterable[str] = ()
) -> str:
    """Return the output format: `--format`, else the suffix of `-o`, else `default`.

    A `--format` that disagrees with `-o`'s suffix is refused (`UsageError`), after the graver mistake of
    an `-o` that is one of the `inputs` (`WriteError`)."""
    if fmt is not None:
        implied = _SUFFIX_FORMATS.get(Path(out).suffix.lower()) if out else None
        if out and implied is not None and implied != fmt:
            from policydiff._io import same_file
            from policydiff.errors import WriteError

            for source in inputs:
                if same_file(out, source):
                    raise WriteError(f"refusing to overwrite the input {source}", out)
            raise UsageError(
                f"--format {fmt} does not match -o {out} (a {Path(out or '').suffix.lower()} file);"
                f" change the suffix or drop --format"
            )
        return fmt
    if out:
        guessed = _SUFFIX_FORMATS.get(Path(out).suffix.lower())
        if guessed is not None and guessed in allowed:
            return guessed
        raise UsageError(
            f"cannot tell the format from the suffix of {out!r}; pass --format ({'|'.join(allowed)})"
        )
    return default


def emit(
    data: bytes | Iterable[bytes],
    out: str | None,
    inputs: Iterable[str],
    also: Iterable[tuple[Path, bytes | Iterable[bytes]]] = (),
) -> None:
    """Write `data` (bytes or pieces of bytes) to `out` atomically (never over an input), or to stdout.

    Files in `also` are written with it as one unit: all renamed into place only once all are made
    (before anything goes to stdout).
    """
    from policydiff._io import write_all

    if out is not None:
        write_all(itertools.chain(also, [(out, data)]), inputs=list(inputs))
        return
    write_all(also, inputs=list(inputs))
    if out is None:
        try:
            for piece in [data] if isinstance(data, bytes) else data:
                sys.stdout.buffer.write(piece)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as a pipeline expects, and keep the
            # interpreter's last flush from failing too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return


def done(out: str | None, summary: str) -> None:
    """Print `policydiff: wrote OUT: SUMMARY` on stderr once a report went into a regular file (not with
    `-q`, not when it went to stdout, a device or a FIFO)."""
    from policydiff._io import shown

    if out is None or _quiet() or not Path(out).is_file():
        return
    click.echo(shown(f"policydiff: wrote {out}: {summary}"), err=True)


def plural(count: int, word: str, words: str | None = None) -> str:
    """Return `1 clause`, `2 clauses`."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def comparison_summary(comparison: Any) -> str:
    """Return `25 changes — 11 reworded, 12 added, 2 removed` (unchanged clauses are not changes)."""
    counts = {op: n for op, n in comparison.stats().items() if op != "unchanged" and n}
    total = sum(counts.values())
    if not total:
        return "no changes"
    return f"{plural(total, 'change')} — " + ", ".join(f"{n} {op}" for op, n in counts.items())


def _quiet() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.meta.get(_QUIET))


_QUIET = "policydiff.quiet"
_DEBUG = "policydiff.debug"


def _set_flag(key: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            ctx.meta[key] = True

    return callback


def common_options(command: _F) -> _F:
    """Add `--debug` and `-q/--quiet`, accepted before the subcommand and after it alike."""
    command = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_flag(_QUIET),
        help="No 'wrote …' line on success (warnings and errors are still shown).",
    )(command)
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        callback=_set_flag(_DEBUG),
        help="Show a traceback on an internal error.",
    )(command)


def refuse_together(ctx: click.Context, first: str, second: str, reason: str = "") -> None:
    """Refuse two options given together on the command line (`UsageError`)."""
    if _given(ctx, first) and _given(ctx, second):
        names = {p.name: p.opts[-1] for p in ctx.command.params}
        raise UsageError(f"{names[first]} and {names[second]} cannot be used together{reason}")


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source is not click.core.ParameterSource.DEFAULT


def no_such_side(exc: PolicydiffError, sides: Iterable[str]) -> PolicydiffError:
    """Return the error for a missing side that looks like `REV:PATH` with a hint to add `--repo`."""
    from policydiff.errors import ReadError

    if isinstance(exc, ReadError) and exc.cause == "no such file" and exc.path in set(sides):
        rev, sep, path = (exc.path or "").partition(":")
        if sep and rev and path and not (len(rev) == 1 and rev.isalpha()):
            return ReadError("no such file (to read REV:PATH from git, add --repo DIR)", exc.path)
    return exc


def warn(diagnostics: Iterable[Diagnostic]) -> None:
    """Print each warning once on stderr as `policydiff: warning: <file>: <message>`."""
    from policydiff._io import shown

    for d in dict.fromkeys(diagnostics):
        where = f"{d.path}: " if d.path else ""
        click.echo(shown(f"policydiff: warning: {where}{d.message}"), err=True)


def printable(result: _T) -> _T:
    """Return `result` with file names that are not UTF-8 shown as `\\xNN` escapes, so every report
    format can hold them (the same object when every name is UTF-8)."""
    from policydiff._io import printable as escape_names

    return cast(_T, escape_names(result))


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a codec that is not a text encoding (`rot13` and `base64` turn bytes into bytes); an
    unknown name is left to the reader, which names the file it could not decode."""
    from policydiff.config import encoding_problem

    problem = encoding_problem(value) if value is not None else None
    if problem == "not a text encoding":
        raise UsageError(f"--encoding {value!r}: {problem}")
    return value


def output_options(formats: Sequence[str], default: str) -> Callable[[_F], _F]:
    """Return the decorator adding `-o/--output` and `--format` (default: -o's suffix, else `default`)."""

    def decorate(command: _F) -> _F:
        command = click.option(
            "--format",
            "fmt",
            type=click.Choice(list(formats)),
            default=None,
            help=f"Output format (default: from -o's suffix, else {default}).",
        )(command)
        return click.option(
            "-o",
            "--output",
            "out",
            type=click.Path(dir_okay=False),
            default=None,
            help=(
                "Write to this file instead of stdout: atomically, never over an input or a read-only"
                " file; a device or FIFO is written into."
            ),
        )(command)

    return decorate


encoding_option = click.option(
    "--encoding",
    default=None,
    callback=_check_encoding,
    help="Encoding of text inputs (default: detected; UTF-8, UTF-16, cp1252).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, prog_name="policydiff")
@common_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Compare and version policy documents clause by clause."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(EXIT_OK)


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Settings file (default: ./policydiff.toml or [tool.policydiff] in ./pyproject.toml).",
)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=False))
@output_options(["text", "json"], "an indented clause tree")
@encoding_option
@common_options
def parse(file: str, fmt: str | None, out: str | None, encoding: str | None) -> None:
    """Show the clauses of FILE (TXT, Markdown, DOCX) as a tree or as JSON."""
    from policydiff import parse as parse_policy
    from policydiff.renderers import render_pieces

    chosen = output_format(fmt, out, ["text", "json"], "text", [file])
    policy = printable(parse_policy(file, encoding=encoding))
    options: dict[str, Any] = {"options": {"encoding": encoding}} if chosen == "json" else {}
    data = render_pieces(policy, chosen, **options)
    warn(policy.warnings)
    emit(data, out, [file])
    done(out, plural(len(policy.clauses), "clause"))


@cli.command()
@click.argument("left", type=click.Path())
@click.argument("right", type=click.Path())
@output_options(["html", "md", "json", "docx", "text"], "a terminal view")
@encoding_option
@click.option(
    "--author",
    default="policydiff",
    show_default=True,
    help="Author of the DOCX revisions. Organisation-name edits are by 'AUTHOR (slot)' and cosmetic ones "
    "(quotes, dashes, spacing, renumbering) by 'AUTHOR (cosmetic)', so that Word can show or hide them "
    "by reviewer.",
)
@click.option("--cover", is_flag=True, help="DOCX: a summary table of changes before the policy.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the policies differ (slots included).")
@click.option(
    "--fail-on",
    metavar="CLASSES",
    default=None,
    help="With --exit-code: exit 1 only when a change carries one of these classes "
    "(comma-separated: modality, negation, number, date, role, link).",
)
@click.option(
    "--slot",
    "slots",
    multiple=True,
    metavar="OLD=NEW",
    help="Treat OLD on the left and NEW on the right as one organisation-specific slot.",
)
@click.option("--no-slots", is_flag=True, help="Do not detect or apply slots.")
@click.option(
    "--date",
    default=None,
    metavar="ISO",
    help="Date shown in the report (default: SOURCE_DATE_EPOCH, else none).",
)
@click.option(
    "--repo",
    type=click.Path(file_okay=False),
    default=None,
    help="Read LEFT and RIGHT as REV:PATH from this git repository (git objects only, nothing run).",
)
@click.option(
    "--color",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Terminal view: colours on top of the [-deleted-] {+inserted+} marks (auto: only on a"
    " terminal, and not when NO_COLOR is set).",
)
@config_option
@common_options
@click.pass_context
def compare(
    ctx: click.Context,
    left: str,
    right: str,
    out: str | None,
    fmt: str | None,
    author: str,
    cover: bool,
    exit_code: bool,
    fail_on: str | None,
    slots: tuple[str, ...],
    no_slots: bool,
    date: str | None,
    encoding: str | None,
    repo: str | None,
    color: str,
    config_path: str | None,
) -> int:
    """Compare two policies clause by clause and write a redline report.

    LEFT and RIGHT are files, or with --repo two REV:PATH revisions (e.g. v2023:policy.docx).
    """
    from policydiff.compare import compare as run_compare
    from policydiff.settings import Options

    refuse_together(ctx, "slots", "no_slots")
    if fail_on is not None and not exit_code:
        raise UsageError("--fail-on needs --exit-code")
    fail = [c.strip() for c in fail_on.split(",") if c.strip()] if fail_on is not None else None
    if fail is not None:
        from policydiff.model import CLASS_NAMES

        unknown = [c for c in fail if c not in CLASS_NAMES] or ([] if fail else [""])
        if unknown:
            raise UsageError(
                f"--fail-on: unknown change class {unknown[0]!r} (one of {', '.join(CLASS_NAMES)})"
            )
    chosen = output_format(
        fmt, out, ["html", "md", "json", "docx", "text"], "text", [] if repo else [left, right]
    )
    for name in ("cover", "author"):
        if chosen != "docx" and _given(ctx, name):
            raise UsageError(f"--{name} needs --format docx (or -o FILE.docx)")
    if chosen != "text" and _given(ctx, "color"):
        raise UsageError("--color needs the terminal view (--format text)")
    options = Options.from_file(config_path).with_(slots=slots, no_slots=no_slots, encoding=encoding)
    try:
        comparison = run_compare(
            left,
            right,
            repo=repo,
            encoding=options.encoding,
            manual_slots=options.slots,
            use_slots=not options.no_slots,
            thresholds=options.thresholds,
            budget=options.budget,
        )
    except PolicydiffError as exc:
        raise (exc if repo else no_such_side(exc, [left, right])) from None
    comparison = printable(comparison)
    if chosen == "docx":
        from policydiff.compare import raw_side
        from policydiff.renderers.docx import redline_and_notes

        redline, notes = redline_and_notes(
            comparison,
            author=author,
            date=report_date(date),
            cover=cover,
            left_bytes=raw_side(left, repo=repo) if comparison.left.format == "docx" else None,
            right_bytes=raw_side(right, repo=repo) if comparison.right.format == "docx" else None,
        )
        warn([*comparison.warnings, *notes])
        data: bytes | Iterable[bytes] = redline
    else:
        warn(comparison.warnings)
        data = render_comparison(comparison, chosen, report_date(date), color=use_color(color, out))
    emit(data, out, [] if repo else [left, right])
    done(out, comparison_summary(comparison))
    return EXIT_DIFFERENCES if exit_code and differs(comparison, fail_on=fail) else EXIT_OK


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@output_options(["html", "md", "json", "text"], "a terminal view")
@encoding_option
@click.option(
    "--repo",
    type=click.Path(file_okay=False),
    default=None,
    help="Git repository holding PATH (relative to its root); without it, the PATHs are the versions.",
)
@click.option("--from", "from_rev", default=None, metavar="REV", help="Oldest revision to follow from.")
@click.option("--to", "to_rev", default=None, metavar="REV", help="Newest revision (default: HEAD).")
@click.option(
    "--first-parent",
    is_flag=True,
    help="The mainline only: each merged branch one step, credited to its merge (as git log --first-parent).",
)
@config_option
@common_options
def history(
    paths: tuple[str, ...],
    repo: str | None,
    from_rev: str | None,
    to_rev: str | None,
    first_parent: bool,
    out: str | None,
    fmt: str | None,
    encoding: str | None,
    config_path: str | None,
) -> None:
    """Trace every clause of a policy through its versions: when it appeared, changed, moved, went."""
    from policydiff.history import history as history_of_repo
    from policydiff.history import history_of_files
    from policydiff.renderers import render_pieces
    from policydiff.settings import Options

    chosen = output_format(fmt, out, ["html", "md", "json", "text"], "text", [] if repo else paths)
    if repo is not None and len(paths) != 1:
        raise UsageError("with --repo, give exactly one PATH (relative to the repository root)")
    if repo is None and (from_rev or to_rev or first_parent):
        raise UsageError("--from, --to and --first-parent need --repo")
    options = Options.from_file(config_path).with_(encoding=encoding)
    if repo is not None:
        with _Progress("history") as progress:
            lineage = history_of_repo(
                paths[0],
                repo=repo,
                from_rev=from_rev,
                to_rev=to_rev,
                first_parent=first_parent,
                progress=progress,
            )
    else:
        try:
            lineage = history_of_files(paths, encoding=options.encoding)
        except PolicydiffError as exc:
            raise no_such_side(exc, paths) from None
    lineage = printable(lineage)
    warn(lineage.warnings)
    emit(render_pieces(lineage, chosen), out, [] if repo else list(paths))
    done(out, f"{plural(len(lineage.versions), 'version')}, {plural(len(lineage.clauses), 'clause')}")


@cli.command()
@click.argument("path")
@output_options(["text", "json"], "text")
@click.option("--repo", type=click.Path(file_okay=False), required=True, help="The git repository.")
@click.option("--rev", default="HEAD", show_default=True, help="Revision whose clauses to blame.")
@common_options
def blame(path: str, repo: str, rev: str, out: str | None, fmt: str | None) -> None:
    """For each clause of PATH at REV: the commit that introduced it, the last that changed it, how often."""
    from policydiff.history import blame as blame_of
    from policydiff.renderers import render_pieces

    chosen = output_format(fmt, out, ["text", "json"], "text")
    result = printable(blame_of(path, repo=repo, rev=rev))
    warn(result.warnings)
    emit(render_pieces(result, chosen), out, [])
    done(out, f"{plural(len(result.clauses), 'clause')} at {result.rev[:12]}")


@cli.command()
@click.argument("files", nargs=-1, required=True)
@output_options(["html", "json", "csv", "md", "text"], "a terminal grid")
@encoding_option
@click.option("--baseline", type=click.Path(), default=None, help="A master whose clauses define the rows.")
@click.option(
    "--min-support",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Share of documents a clause group needs to enter the harmonised master.",
)
@click.option(
    "--redlines",
    "redlines_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Also write one redline per document against the consensus (or the baseline) into DIR.",
)
@click.option(
    "--redline-format",
    type=click.Choice(["html", "json", "md", "docx"]),
    default="html",
    show_default=True,
    help="Format of the --redlines files.",
)
@click.option("--skip-unreadable", is_flag=True, help="Warn about an unreadable file and go on without it.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes reading the files (default: the CPUs); the result is the same for any number.",
)
@config_option
@common_options
@click.pass_context
def matrix(
    ctx: click.Context,
    files: tuple[str, ...],
    baseline: str | None,
    min_support: float,
    redlines_dir: str | None,
    redline_format: str,
    out: str | None,
    fmt: str | None,
    skip_unreadable: bool,
    jobs: int | None,
    encoding: str | None,
    config_path: str | None,
) -> None:
    """Group the clauses of N variants of a policy: who has what, who deviates where, a harmonised master."""
    from policydiff.matrix import matrix as matrix_of
    from policydiff.matrix import redline_files
    from policydiff.renderers import render_pieces
    from policydiff.settings import Options

    chosen = output_format(
        fmt, out, ["html", "json", "csv", "md", "text"], "text", [*files, *([baseline] if baseline else [])]
    )
    if redlines_dir is None and _given(ctx, "redline_format"):
        raise UsageError("--redline-format needs --redlines DIR")
    options = Options.from_file(config_path).with_(encoding=encoding)
    steps = _Steps()
    with steps:
        result = matrix_of(
            files,
            baseline=baseline,
            min_support=min_support,
            skip_unreadable=skip_unreadable,
            encoding=options.encoding,
            budget=options.budget,
            jobs=jobs or os.cpu_count() or 1,
            progress=steps.update if steps.on else None,
        )
        inputs = [*files, *([baseline] if baseline else [])]
        result = printable(result)
        warn(result.warnings)
        also: Iterable[tuple[Path, bytes]] = ()
        if redlines_dir is not None:
            also = steps.counted("writing", redline_files(result, Path(redlines_dir), redline_format), result)
        emit(render_pieces(result, chosen), out, inputs, also=also)
    summary = (
        f"{plural(len(result.documents), 'document')}, {plural(len(result.groups), 'clause group')}"
        f" ({len(result.master)} in the master)"
    )
    if redlines_dir is not None:
        summary += f"; the redlines in {redlines_dir}"
    done(out, summary)


class _Progress:
    """A progress bar on stderr for a long library call: on a terminal only (quiet in pipes and CI), and only
    once the call has taken more than a moment (`_PROGRESS_AFTER` seconds)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.monotonic()
        self.shown = 0
        self.bar: Any = None
        self.on = sys.stderr.isatty() and not os.environ.get("CI")

    def __enter__(self) -> Callable[[int, int], None] | None:
        return self.update if self.on else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < _PROGRESS_AFTER:
                return
            self.bar = click.progressbar(length=total, label=f"policydiff: {self.label}", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


_PROGRESS_AFTER = 0.5


class _Steps:
    """Progress of `matrix` on stderr, labelled by the step it is in (reading N/M, grouping, writing): on a
    terminal only (quiet in pipes and CI), one bar a step, shown once a step takes more than a moment."""

    def __init__(self) -> None:
        self.on = sys.stderr.isatty() and not os.environ.get("CI")
        self.step: _Progress | None = None
        self.name = ""

    def __enter__(self) -> _Steps:
        return self

    def update(self, step: str, done: int, total: int) -> None:
        if step != self.name:
            self.close()
            self.name = step
            self.step = _Progress(step)
        if self.step is not None:
            self.step.update(done, total)

    def counted(
        self, step: str, files: Iterable[tuple[Path, bytes]], result: Any
    ) -> Iterable[tuple[Path, bytes]]:
        """Yield `files` (the redlines), counting them as `step` out of the documents that get one."""
        total = len(result.documents) - (result.baseline is not None)
        for n, item in enumerate(files, start=1):
            yield item
            if self.on:
                self.update(step, n, total)

    def close(self) -> None:
        if self.step is not None:
            self.step.__exit__(None, None, None)
            self.step = None

    def __exit__(self, *exc: object) -> None:
        self.close()


def report_date(date: str | None) -> str | None:
    """Return the date to show in a report: `--date`, else `SOURCE_DATE_EPOCH` as a UTC date, else None."""
    import os
    from datetime import UTC, datetime

    if date:
        try:
            datetime.fromisoformat(date)
        except ValueError:
            raise UsageError(f"--date {date!r} is not an ISO date (YYYY-MM-DD)") from None
        return date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    return None


def differs(comparison: Any, fail_on: Sequence[str] | None = None) -> bool:
    """Return whether `--exit-code` should report differences (see `policydiff.compare.differs`)."""
    from policydiff.compare import differs as library_differs

    return library_differs(comparison, fail_on=fail_on)


def use_color(choice: str, out: str | None) -> bool:
    """Return whether the terminal view is coloured: `always`, `never`, or (`auto`) only when writing
    to a terminal and NO_COLOR is unset or empty (https://no-color.org: a flag overrides it)."""
    if choice != "auto":
        return choice == "always"
    return out is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def render_comparison(
    comparison: Any, fmt: str, date: str | None, *, color: bool = False
) -> bytes | Iterable[bytes]:
    """Return a comparison rendered in `fmt` (JSON as pieces made while they are written)."""
    from policydiff.renderers import render_pieces

    if fmt == "text":
        return render_pieces(comparison, fmt, color=color)
    return render_pieces(comparison, fmt, date=date)


def _fail(message: str, code: int, *, debug: bool = False) -> NoReturn:
    if debug:
        import traceback

        traceback.print_exc()
    from policydiff._io import shown

    click.echo(f"policydiff: error: {shown(' '.join(message.split()))}", err=True)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; every failure becomes one line on stderr and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args[: args.index("--")] if "--" in args else "--debug" in args
    # One command, then exit: the data it builds (clauses, changes) is acyclic and freed by reference
    # counting, so the cyclic collector only re-walks it, again and again as it grows (31 % of the CPU of
    # compare at 50,000 clauses). Peak memory measured the same without it (decision 0017).
    gc.disable()
    _catch_signals()
    try:
        result: Any = cli.main(args=args, prog_name="policydiff", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _fail("interrupted", EXIT_INTERRUPTED)
    except Stopped as exc:
        name = signal.Signals(exc.signum).name
        _fail(f"stopped by {name}", EXIT_HANGUP if name == "SIGHUP" else EXIT_TERMINATED)
    except click.UsageError as exc:
        _fail(exc.format_message(), EXIT_BAD_INPUT)
    except PolicydiffError as exc:
        _fail(str(exc), EXIT_BAD_INPUT, debug=debug)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except click.ClickException as exc:
        _fail(exc.format_message(), EXIT_BAD_INPUT)
    except MemoryError:
        _fail("out of memory: the input is too large for this machine", EXIT_INTERNAL, debug=debug)
    except Exception as exc:
        hint = "" if debug else " (run with --debug for a traceback)"
        _fail(f"internal error: {type(exc).__name__}: {exc}{hint}", EXIT_INTERNAL, debug=debug)
    sys.exit(result if isinstance(result, int) else EXIT_OK)
