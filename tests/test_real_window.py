"""The installed program in a real X11 window (Xvfb, the xcb platform desktop users run): it
starts, takes typing from the keyboard, and leaves a screenshot.

Set CHANGELOG_EXPLORER_SHOTS to a folder to keep the screenshots (the README's come from here).
"""

import configparser
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REFERENCE

WIDTH, HEIGHT = 1500, 900
# A line of text is about 20 pixel rows: the text cursor blinking in the filter box changes no more.
TEXT_LINE_ROWS = 20
# The window's own timers (the counts follow the filter 120 ms after it) run well within this.
SETTLE_S = 0.5


def _wait_until(condition, what: str, process: subprocess.Popen, timeout: float = 30.0):
    """Poll condition until it gives a true value, which is returned; fail, saying what was
    awaited, when the time is up or the process it depends on has ended."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"ended (exit status {process.returncode}) while waiting for {what}")
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def display():
    for number in range(90, 110):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=f":{number}")
    try:
        _wait_until(lambda: subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True,
                                           timeout=10).returncode == 0,
                    f"Xvfb to accept connections on :{number}", server)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _xdotool(env, *args, timeout=30):
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=timeout, check=True)


def _screen_rows(env) -> list[bytes]:
    """What the screen shows: its pixels, one bytes object for each row."""
    pixels = subprocess.run(["import", "-window", "root", "-depth", "8", "rgb:-"], env=env, capture_output=True,
                            timeout=30, check=True).stdout
    assert len(pixels) == WIDTH * HEIGHT * 3
    return [pixels[at:at + WIDTH * 3] for at in range(0, len(pixels), WIDTH * 3)]


def _rows_changed(before: list[bytes], after: list[bytes]) -> int:
    return sum(a != b for a, b in zip(before, after, strict=True))


def _wait_until_redrawn(env, unfiltered: list[bytes], app: subprocess.Popen) -> None:
    """Wait until the filter has redrawn the window (much more than the filter box's line differs
    from `unfiltered`) and nothing but the text cursor's blinking has changed for SETTLE_S."""
    last: list[bytes] = []
    steady_since = time.monotonic()

    def settled() -> bool:
        nonlocal last, steady_since
        rows, now = _screen_rows(env), time.monotonic()
        if (_rows_changed(unfiltered, rows) <= 5 * TEXT_LINE_ROWS or not last
                or _rows_changed(last, rows) > TEXT_LINE_ROWS):
            steady_since = now
        last = rows
        return now - steady_since >= SETTLE_S

    _wait_until(settled, "the filtered window to be drawn and stay so", app)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_real_window_takes_typing(display, tmp_path, corpus, theme):
    program = shutil.which("changelog-explorer", path=os.path.dirname(sys.executable))
    assert program, "the project is installed with its console script"
    config = tmp_path / "config" / "changelog-explorer"
    config.mkdir(parents=True)
    (config / "Changelog Explorer.conf").write_text(f"[view]\ntheme={theme}\n[window]\n")
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    app = subprocess.Popen([program, str(REFERENCE)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        window = _xdotool(env, "search", "--sync", "--onlyvisible", "--name", "Changelog Explorer").stdout.split()[0]
        # the notes load on a background thread; the title names the file once they are shown
        title = f"{REFERENCE.name} — Changelog Explorer"
        _wait_until(lambda: _xdotool(env, "getwindowname", window).stdout.strip() == title,
                    f"the title {title!r}", app)
        _xdotool(env, "windowfocus", "--sync", window)
        unfiltered = _screen_rows(env)
        _xdotool(env, "key", "--window", window, "ctrl+f")
        _xdotool(env, "type", "--delay", "40", "fasaxc")
        _wait_until_redrawn(env, unfiltered, app)
        folder = Path(os.environ.get("CHANGELOG_EXPLORER_SHOTS", tmp_path))
        shot = folder / f"xvfb-{theme}.png"
        subprocess.run(["import", "-window", "root", str(shot)], env=env, check=True, timeout=30)
        assert shot.stat().st_size > 20_000
        # the window is gone before xdotool returns, which it reports as an error
        subprocess.run(["xdotool", "key", "--window", window, "ctrl+q"], env=env, capture_output=True, timeout=30)
        app.wait(timeout=20)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0, app.stderr.read().decode()[-2000:]
    saved = configparser.ConfigParser(interpolation=None)
    saved.read(config / "Changelog Explorer.conf")
    assert saved["session"]["filter"] == "fasaxc"  # the typing reached the filter box
