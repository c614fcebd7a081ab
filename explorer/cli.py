"""The command line: open the window, or run one of the headless commands (commands.py)."""

from __future__ import annotations

import contextlib
import gc
import os
import sys

EXIT_OK, EXIT_INPUT_ERROR, EXIT_USAGE = 0, 1, 2
COMMANDS = ("export", "releases", "inspect", "cache")
PROG = "changelog-explorer"

# Only what the window's start needs is imported here: the parser, the exports and Qt are
# imported by the command or the window that uses them.


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--self-test"]:  # for packaged builds: open the demo notes, then exit
        from explorer.ui.app import self_test

        return self_test()
    if argv[:1] == ["--"]:  # everything after "--" is a path, even "-o.md" or "export"
        return _window(argv[1:])
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        if "--" in argv:  # "notes.md -- -o.md": the "--" only says where options end
            argv = [word for k, word in enumerate(argv) if word != "--" or k > argv.index("--")]
        return _window(argv)
    from explorer.commands import run_command

    return run_command(argv)


def _window(argv: list[str]) -> int:
    """Open the window, after checking that there is a screen and that the words are paths."""
    for word in argv:
        if not os.path.exists(word):
            import difflib

            near = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
            if near:
                error(f"'{word}' is neither a file, a folder nor a command; did you mean '{near[0]}'?")
                return EXIT_USAGE
    if not _has_display():
        error("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset). Without one, "
              f"use '{PROG} export', '{PROG} releases' or '{PROG} inspect', or set "
              "QT_QPA_PLATFORM=offscreen to run the window without showing it.")
        return EXIT_INPUT_ERROR
    # The window's start makes a hundred thousand objects and no garbage: the collector, which
    # would walk them again and again (5 ms of the start), waits until the window has painted.
    gc.disable()
    from explorer.ui.app import run  # Qt is only loaded for the window

    return run(argv)


def _has_display() -> bool:
    """Whether Qt can show a window here; only Linux and the BSDs need a display server."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    return bool(os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY")
                or os.environ.get("WAYLAND_DISPLAY"))


def shown(text: str) -> str:
    """text as a terminal may be given it: control characters (an escape sequence in a
    release note, a bidi override in a file name) shown and not obeyed, and a file name that is
    not UTF-8 with its bytes as \\xNN, never a UnicodeEncodeError."""
    from explorer.export import visible_controls

    text = visible_controls(text)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        pass
    return text


def error(message: str) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr closed too: nothing more to say
        print(f"{PROG}: {shown(message)}", file=sys.stderr)
