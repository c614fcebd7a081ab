"""The headless commands: export, releases, inspect and cache."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys

from explorer import __version__
from explorer.browse import select
from explorer.cache import ParseCache
from explorer.cli import EXIT_INPUT_ERROR, EXIT_OK, EXIT_USAGE, PROG, error, shown
from explorer.export import (
    FORMATS,
    ExportTargetError,
    check_target,
    export_file,
    format_for_path,
    write_stream,
)
from explorer.inspect import format_reports, inspect_changelog
from explorer.parse import load_paths
from explorer.query import QueryError, compile_query


class _Stopped(SystemExit):
    """TERM or HUP: leave by the same path as an error, so that temporary files are removed."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Browse, filter and export release notes. With no command, open the window.",
        epilog=f"Run '{PROG} COMMAND --help' for a command's options. "
        f"'{PROG} [PATH...]' opens the window on those files or folders.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    exp = sub.add_parser("export", help="write changes as CSV, XLSX, JSON or Markdown")
    exp.add_argument("paths", nargs="+", metavar="PATH", help="release-notes files or folders")
    exp.add_argument("--format", "-f", choices=FORMATS, help="default: from -o's extension, else csv")
    exp.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout; - is stdout")
    exp.add_argument("--query", "-q", default="", metavar="TEXT", help="export only matching changes")
    exp.add_argument("--no-bom", action="store_true", help="CSV without the UTF-8 byte-order mark")
    exp.add_argument("--raw", action="store_true", help="CSV cells as they are, without the '-prefix "
                     "that stops spreadsheets running formulas")

    rel = sub.add_parser("releases", help="list releases: version, date, changes, file")
    rel.add_argument("paths", nargs="+", metavar="PATH", help="release-notes files or folders")

    ins = sub.add_parser("inspect", help="per file: what was read, and what looked doubtful")
    ins.add_argument("paths", nargs="+", metavar="PATH", help="release-notes files or folders")
    for command in (exp, rel, ins):
        command.add_argument("--no-cache", action="store_true",
                             help="parse every file again, without the cache of earlier parses")

    cache = sub.add_parser("cache", help="the cache of parsed notes: where, how big, clear it")
    what = cache.add_mutually_exclusive_group()
    what.add_argument("--info", action="store_true", help="its folder, entries and size (the default)")
    what.add_argument("--clear", action="store_true", help="remove every entry")
    return parser


def run_command(argv: list[str]) -> int:
    """Run the command argv names (its first word, or an option such as --help)."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_USAGE
    with _signals_as_exit():
        try:
            command = {"export": _export, "releases": _releases, "inspect": _inspect,
                       "cache": _cache}[args.command]
            return command(args)
        except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
            _quiet_stdout()
            return EXIT_OK
        except _Stopped as stop:
            return stop.status


class _signals_as_exit:
    """TERM and HUP raise, as Ctrl+C does, so that every `finally` runs (a partial export's
    temporary file is removed) before the process ends. A signal the command was started to
    ignore (HUP under nohup) stays ignored."""

    def __enter__(self) -> None:
        self._saved = {}
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                with contextlib.suppress(ValueError):  # not the main thread
                    self._saved[number] = signal.signal(number, self._stop)

    @staticmethod
    def _stop(number, _frame) -> None:
        raise _Stopped(128 + number)

    def __exit__(self, *exc) -> None:
        for number, handler in self._saved.items():
            signal.signal(number, handler)


def _quiet_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so that Python's exit flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _write_out(text: str) -> int:
    """Text to stdout, with control characters shown, not sent to the terminal."""
    return _to_stdout(lambda: sys.stdout.write(shown(text)))


def _to_stdout(write) -> int:
    """Run write (it writes to stdout); a closed or full stdout is a message, not a traceback.
    A closed pipe (`| head`) raises BrokenPipeError, which run_command() treats as the reader's choice."""
    if sys.stdout is None:
        error("cannot write: standard output is closed")
        return EXIT_INPUT_ERROR
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        error(f"cannot write to standard output: {getattr(exc, 'strerror', None) or exc}")
        _quiet_stdout()
        return EXIT_INPUT_ERROR
    return EXIT_OK


def _cache(args: argparse.Namespace) -> int:
    cache = ParseCache()
    if args.clear:
        removed = cache.clear()
        print(f"removed {removed} entr{'y' if removed == 1 else 'ies'} from {cache.folder}")
        return EXIT_OK
    info = cache.info()
    print(f"folder: {info.folder}\nentries: {info.entries}\nsize: {info.bytes / (1 << 20):.1f} MB "
          f"of at most {info.cap >> 20} MB (CHANGELOG_EXPLORER_CACHE_MB sets it)")
    return EXIT_OK


def _load(paths: list[str], quiet: bool = False, *, cache: bool = True):
    changelog = load_paths(paths, parallel=True, cache=ParseCache() if cache else None)
    if not quiet:
        for problem in changelog.errors:
            error(str(problem))
        for source in changelog.files:
            if source.skipped:
                error(f"skipped {source.path}: {source.skipped}")
    return changelog


def _export(args: argparse.Namespace) -> int:
    if args.output == "-":  # "-o -": standard output, as Unix tools read it (a file named "-" is "-o ./-")
        args.output = None
    if args.output is not None and not args.output.strip():
        error("-o needs a file name (it was empty); to write to standard output, leave -o out")
        return EXIT_USAGE
    fmt = args.format or format_for_path(args.output)
    if fmt == "xlsx" and not args.output:
        error("an XLSX workbook needs a file: add -o FILE.xlsx")
        return EXIT_USAGE
    try:
        query = compile_query(args.query)  # a malformed query is refused before any work
        if args.output:
            check_target(args.output, args.paths)
    except QueryError as exc:
        error(f"bad query: {exc}")
        return EXIT_USAGE
    except ExportTargetError as exc:
        error(f"will not write {args.output}: {exc}; nothing was written")
        return EXIT_INPUT_ERROR
    changelog = _load(args.paths, cache=not args.no_cache)
    changes = select(changelog.changes, query)  # as the window's filter box selects
    if not changes:
        where = "kept as it was" if args.output and os.path.exists(args.output) else "not written"
        why = ("no input could be read" if changelog.errors and not changelog.files
               else "no change matches the query" if changelog.changes
               else "no changes were found")
        error(f"nothing to export: {why}; {args.output or 'standard output'} {where}")
        return EXIT_INPUT_ERROR
    options = {"bom": not args.no_bom, "raw": args.raw}
    if args.output:
        try:
            export_file(args.output, changes, fmt, **options)
        except OSError as exc:
            error(f"cannot write {args.output}: {exc.strerror or exc}")
            return EXIT_INPUT_ERROR
    else:
        status = _to_stdout(lambda: write_stream(sys.stdout.buffer, changes, fmt, **options))
        if status:
            return status
    return EXIT_INPUT_ERROR if changelog.errors else EXIT_OK


def _releases(args: argparse.Namespace) -> int:
    changelog = _load(args.paths, cache=not args.no_cache)
    counts: dict[int, int] = {}
    for change in changelog.changes:
        counts[id(change.release)] = counts.get(id(change.release), 0) + 1
    lines = "".join(f"{release.version}\t{release.date or '-'}\t{counts.get(id(release), 0)}\t{release.file}\n"
                    for release in changelog.releases)
    status = _write_out(lines)
    return status or (EXIT_INPUT_ERROR if changelog.errors else EXIT_OK)


def _inspect(args: argparse.Namespace) -> int:
    changelog = _load(args.paths, quiet=True, cache=not args.no_cache)  # the report says it all, errors included
    status = _write_out(format_reports(inspect_changelog(changelog)))
    return status or (EXIT_INPUT_ERROR if changelog.errors else EXIT_OK)
