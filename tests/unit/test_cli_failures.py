"""An export that fails never destroys a file, and the command line never ends in a traceback:
each failure gives a message and an exit status, and the target is kept byte for byte."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from explorer import export
from tests.unit.test_cli import run

NOTES = ("## 1.1.0 - 2024-02-02\n\n- Fix one by @ann in https://github.com/o/r/pull/7\n- Add two\n\n"
         "## 1.0.0\n\n- First\n")
KEPT = b"release,summary\r\n1.0,my own work\r\n"


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "CHANGELOG.md"
    path.write_text(NOTES)
    return path


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes(KEPT)
    return path


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".export-")]


def test_a_mistyped_input_keeps_the_target(capsysbinary, tmp_path, report):
    code, _, err = run(capsysbinary, "export", tmp_path / "typo.md", "-o", report)
    assert code == 1
    assert err == (f"changelog-explorer: {tmp_path / 'typo.md'}: no such file or folder\n"
                   f"changelog-explorer: nothing to export: no input could be read; {report} kept as it was\n")
    assert report.read_bytes() == KEPT


def test_an_unreadable_input_keeps_the_target(capsysbinary, tmp_path, report):
    blob = tmp_path / "blob.md"
    blob.write_bytes(bytes(range(256)))
    code, _, err = run(capsysbinary, "export", blob, "-o", report)
    assert code == 1
    assert err.endswith(f"nothing to export: no input could be read; {report} kept as it was\n")
    assert report.read_bytes() == KEPT


def test_an_empty_folder_keeps_the_target(capsysbinary, tmp_path, report):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsysbinary, "export", tmp_path / "empty", "-o", report)
    assert (code, err) == (1, f"changelog-explorer: nothing to export: no changes were found; {report} "
                              "kept as it was\n")
    assert report.read_bytes() == KEPT


def test_a_query_that_matches_nothing_keeps_the_target(capsysbinary, notes, report):
    code, _, err = run(capsysbinary, "export", notes, "--query", "nothing-like-this", "-o", report)
    assert (code, err) == (1, f"changelog-explorer: nothing to export: no change matches the query; "
                              f"{report} kept as it was\n")
    assert report.read_bytes() == KEPT


def test_partial_success_writes_what_was_read_and_names_what_failed(capsysbinary, tmp_path, notes, report):
    code, _, err = run(capsysbinary, "export", notes, tmp_path / "typo.md", "-o", report)
    assert (code, err) == (1, f"changelog-explorer: {tmp_path / 'typo.md'}: no such file or folder\n")
    assert report.read_bytes().decode("utf-8-sig").splitlines()[1].startswith("1.1.0,2024-02-02,,Fix one")


def test_the_output_may_not_be_an_input(capsysbinary, notes):
    code, _, err = run(capsysbinary, "export", notes, "--query", "fix", "-o", notes)
    assert (code, err) == (1, f"changelog-explorer: will not write {notes}: it is one of the notes being read; "
                              "nothing was written\n")
    assert notes.read_text() == NOTES


def test_a_read_only_target_is_refused(capsysbinary, notes, report):
    report.chmod(0o444)
    code, _, err = run(capsysbinary, "export", notes, "-o", report)
    assert code == 1
    assert "it is read-only" in err
    assert report.read_bytes() == KEPT


def test_a_folder_as_target_is_refused(capsysbinary, notes, tmp_path):
    code, _, err = run(capsysbinary, "export", notes, "-o", tmp_path)
    assert (code, err) == (1, f"changelog-explorer: will not write {tmp_path}: it is a folder; nothing was written\n")


def test_a_symlink_stays_a_link_and_its_target_is_written(capsysbinary, notes, tmp_path, report):
    link = tmp_path / "latest.csv"
    link.symlink_to(report)
    code, _, _ = run(capsysbinary, "export", notes, "-o", link)
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == str(report)
    assert "Fix one" in report.read_text(encoding="utf-8-sig")
    assert leftovers(tmp_path) == []


def test_a_fifo_is_written_into_not_replaced(capsysbinary, notes, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, _ = run(capsysbinary, "export", notes, "-o", fifo)
    reader.join(10)
    assert code == 0
    assert fifo.is_fifo()
    assert b"Fix one" in received[0]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_term_and_hup_during_the_write_leave_no_temporary_file(capsysbinary, monkeypatch, notes, tmp_path,
                                                               report, signum):
    def stopped_half_way(out, changes, **_options):
        out.write("release,date\r\n")
        os.kill(os.getpid(), signum)  # the user's kill arrives while rows are written
        out.write("never written\r\n")

    monkeypatch.setattr(export, "write_csv", stopped_half_way)
    before = signal.signal(signum, signal.SIG_DFL)  # as a shell starts a command (not under nohup)
    try:
        code, _, _ = run(capsysbinary, "export", notes, "-o", report)
        assert code == 128 + signum
        assert report.read_bytes() == KEPT
        assert leftovers(tmp_path) == []
        assert signal.getsignal(signum) is signal.SIG_DFL  # the handlers are the process's again
    finally:
        signal.signal(signum, before)


def test_a_hangup_the_command_was_started_to_ignore_stays_ignored(capsysbinary, monkeypatch, notes, tmp_path,
                                                                  report):
    def hung_up_half_way(out, changes, **_options):
        out.write("release,date\r\n")
        os.kill(os.getpid(), signal.SIGHUP)  # the terminal closes while rows are written
        out.write("written all the same\r\n")

    monkeypatch.setattr(export, "write_csv", hung_up_half_way)
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup starts it
    try:
        code, _, _ = run(capsysbinary, "export", notes, "-o", report)
        assert code == 0
        assert report.read_bytes() == b"release,date\r\nwritten all the same\r\n"
        assert leftovers(tmp_path) == []
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)


def test_a_mistyped_command_gets_a_suggestion(capsysbinary, tmp_path):
    code, out, err = run(capsysbinary, "relases", tmp_path)
    assert (code, out) == (2, "")
    assert err == "changelog-explorer: 'relases' is neither a file, a folder nor a command; did you mean 'releases'?\n"


def test_without_a_display_the_window_says_what_to_do(capsysbinary, monkeypatch, notes):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = run(capsysbinary, notes)
    assert code == 1
    assert err.startswith("changelog-explorer: no display to open the window on")
    assert "changelog-explorer export" in err and "QT_QPA_PLATFORM=offscreen" in err


def test_a_closed_pipe_is_no_error(notes):
    shell = f"{sys.executable} -m explorer releases {notes} {notes} {notes} | head -c 1 > /dev/null"
    for command in ("releases", "inspect", "export"):
        done = subprocess.run(["bash", "-o", "pipefail", "-c", shell.replace("releases", command, 1)],
                              capture_output=True, timeout=120)
        assert (done.returncode, done.stderr) == (0, b""), command


def test_a_closed_or_full_stdout_is_a_message(notes):
    closed = subprocess.run(["bash", "-c", f"{sys.executable} -m explorer releases {notes} >&-"],
                            capture_output=True, timeout=120)
    assert closed.returncode == 1
    assert b"Traceback" not in closed.stderr and b"standard output" in closed.stderr
    with open("/dev/full", "wb") as device:
        full = subprocess.run([sys.executable, "-m", "explorer", "export", str(notes)], stdout=device,
                              stderr=subprocess.PIPE, timeout=120)
    assert full.returncode == 1
    assert full.stderr == b"changelog-explorer: cannot write to standard output: No space left on device\n"


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_the_worker_process_ends_when_the_command_is_killed(tmp_path):
    big = tmp_path / "CHANGELOG.md"
    big.write_text("".join(f"## {i}.0.0\n\n" + "".join(f"- change {i}.{j} (#{j}) @a{j}\n" for j in range(40))
                           for i in range(3000)))  # about 3 MB: parsed with a worker process
    command = subprocess.Popen([sys.executable, "-m", "explorer", "export", str(big), "-o", str(tmp_path / "x.json")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and not workers:
        workers = [pid for pid in _children(command.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        time.sleep(0.02)
    assert workers, "the export started no worker process"
    command.kill()
    command.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert command.stdout.read() == b""  # and nothing holds the caller's pipes: read() returned
