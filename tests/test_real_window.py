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


@pytest.fixture
def display(tmp_path):
    for number in range(90, 110):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1500x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _xdotool(env, *args, timeout=30):
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=timeout, check=True)


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
        time.sleep(1.0)  # the notes load on a background thread
        _xdotool(env, "windowfocus", "--sync", window)
        _xdotool(env, "key", "--window", window, "ctrl+f")
        _xdotool(env, "type", "--delay", "40", "fasaxc")
        time.sleep(0.8)
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
