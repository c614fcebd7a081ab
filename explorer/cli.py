"""The command line: open the window, or export and list releases headlessly."""

from __future__ import annotations

import argparse
import sys

from explorer import __version__
from explorer.export import FORMATS, export_file, format_for_path, render
from explorer.inspect import format_reports, inspect_changelog
from explorer.parse import load_paths
from explorer.query import QueryError, filter_changes

EXIT_OK, EXIT_INPUT_ERROR, EXIT_USAGE = 0, 1, 2
_COMMANDS = ("export", "releases", "inspect")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="changelog-explorer",
        description="Browse, filter and export release notes. With no command, open the window.",
        epilog="Run 'changelog-explorer COMMAND --help' for a command's options. "
        "'changelog-explorer [PATH...]' opens the window on those files or folders.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    exp = sub.add_parser("export", help="write changes as CSV, JSON or Markdown")
    exp.add_argument("paths", nargs="+", metavar="PATH", help="release-notes files or folders")
    exp.add_argument("--format", "-f", choices=FORMATS, help="default: from -o's extension, else csv")
    exp.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    exp.add_argument("--query", "-q", default="", metavar="TEXT", help="export only matching changes")
    exp.add_argument("--no-bom", action="store_true", help="CSV without the UTF-8 byte-order mark")
    exp.add_argument("--raw", action="store_true", help="CSV cells as they are, without the '-prefix "
                     "that stops spreadsheets running formulas")

    rel = sub.add_parser("releases", help="list releases: version, date, changes, file")
    rel.add_argument("paths", nargs="+", metavar="PATH", help="release-notes files or folders")

    ins = sub.add_parser("inspect", help="per file: what was read, and what looked doubtful")
    ins.add_argument("paths", nargs="+", metavar="PATH", help="release-notes files or folders")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--self-test"]:  # for packaged builds: open the demo notes, then exit
        from explorer.ui.app import self_test

        return self_test()
    if not argv or (argv[0] not in _COMMANDS and not argv[0].startswith("-")):
        from explorer.ui.app import run  # Qt is only loaded for the window

        return run(argv)
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_USAGE
    if args.command == "inspect":
        return _inspect(args)
    return _export(args) if args.command == "export" else _releases(args)


def _load(paths: list[str], quiet: bool = False):
    changelog = load_paths(paths, parallel=True)
    if not quiet:
        for error in changelog.errors:
            print(f"changelog-explorer: {error}", file=sys.stderr)
        for source in changelog.files:
            if source.skipped:
                print(f"changelog-explorer: skipped {source.path}: {source.skipped}", file=sys.stderr)
    return changelog


def _inspect(args: argparse.Namespace) -> int:
    changelog = _load(args.paths, quiet=True)  # the report says it all, errors included
    try:
        sys.stdout.write(format_reports(inspect_changelog(changelog)))
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
    return EXIT_INPUT_ERROR if changelog.errors else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    fmt = args.format or format_for_path(args.output)
    changelog = _load(args.paths)
    try:
        changes = filter_changes(changelog.changes, args.query)
    except QueryError as exc:
        print(f"changelog-explorer: bad query: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.output:
        try:
            export_file(args.output, changes, fmt, bom=not args.no_bom, raw=args.raw)
        except OSError as exc:
            print(f"changelog-explorer: cannot write {args.output}: {exc.strerror or exc}",
                  file=sys.stderr)
            return EXIT_INPUT_ERROR
    else:
        try:
            sys.stdout.buffer.write(render(changes, fmt, bom=not args.no_bom, raw=args.raw).encode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
            sys.stderr.close()
    return EXIT_INPUT_ERROR if changelog.errors else EXIT_OK


def _releases(args: argparse.Namespace) -> int:
    changelog = _load(args.paths)
    counts: dict[int, int] = {}
    for change in changelog.changes:
        counts[id(change.release)] = counts.get(id(change.release), 0) + 1
    for release in changelog.releases:
        print(f"{release.version}\t{release.date or '-'}\t{counts.get(id(release), 0)}\t{release.file}")
    return EXIT_INPUT_ERROR if changelog.errors else EXIT_OK
