"""Starting the app: the right messages when a display or a library is missing, and a first
paint that waits for nothing but Qt."""
from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import textwrap

from pathlib import Path

import pytest

from mutual_checklist import app, display_check, resources


def test_templates_fails_loudly_when_no_checklist_is_bundled(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(resources, "checklists_dir", lambda: tmp_path)
    resources._bundled_templates.cache_clear()
    try:
        assert app.main(["templates"]) == 1
    finally:
        resources._bundled_templates.cache_clear()
    err = capsys.readouterr().err
    assert "No checklist was found" in err and "reinstall" in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_a_missing_x_library_is_named_with_its_packages(monkeypatch):
    real = ctypes.CDLL

    def cdll(name, *args, **kwargs):
        if os.path.basename(str(name)) in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
            raise OSError(f"{name}: cannot open shared object file")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(ctypes, "CDLL", cdll)  # as if the two packages were not installed
    problem = display_check.prepare({"DISPLAY": ":0"})
    assert problem is not None and "\n" not in problem
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in problem
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in problem


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_library_check_really_loads_libraries():
    assert display_check.missing({"libc.so.6": ("libc6", "glibc")}) == []
    assert display_check.missing({"libno-such-thing.so.9": ("x", "y")}) == \
        ["libno-such-thing.so.9"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_unreachable_displays_give_one_line_not_a_core_dump(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                           "QT_QPA_PLATFORM")}
    env.update(DISPLAY=":987", WAYLAND_DISPLAY="wayland-987", XDG_RUNTIME_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "mutual_checklist", "--demo"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "could not reach the display ':987'" in result.stderr \
        or "lacks" in result.stderr  # a machine without the X libraries says which


def test_wayland_is_tried_first_when_its_session_is_reachable(tmp_path, monkeypatch):
    import socket

    if not sys.platform.startswith("linux"):
        pytest.skip("the check is for Linux")
    monkeypatch.setattr(display_check, "missing", lambda libs: [])
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(tmp_path / "wayland-1"))
    server.listen(1)
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ":0"}
    try:
        assert display_check.prepare(env) is None
    finally:
        server.close()
    assert env["QT_QPA_PLATFORM"] == "wayland;xcb"


FIRST_PAINT_PROBE = textwrap.dedent("""
    import sys
    from mutual_checklist import app
    from mutual_checklist.ui import startup
    seen = []
    class Spy(startup.StartupShell):
        def paintEvent(self, event):
            if not seen:
                seen.append(set(sys.modules))
            super().paintEvent(event)
    startup.StartupShell = Spy
    code = app.main(["--demo", "--smoke-test"])
    heavy = sorted(m for m in seen[0] if m.split(".")[0] in ("sqlite_utils", "reportlab")
                   or m.startswith(("mutual_checklist.cli", "mutual_checklist.export",
                                    "mutual_checklist.storage")))
    print("exit", code, "heavy", heavy)
""")


def test_the_window_paints_before_storage_cli_or_reports_are_loaded(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE], env=env,
                            capture_output=True, text=True, timeout=120)
    assert "first paint after" in result.stdout and "project shown after" in result.stdout
    assert "exit 0 heavy []" in result.stdout, result.stdout + result.stderr


BROKEN_INSTALL = textwrap.dedent("""
    import sys
    sys.modules["mutual_checklist.ui.application"] = None  # as if the file were missing
    from mutual_checklist import app
    sys.exit(app.main(["--demo", "--smoke-test"]))
""")


def test_a_broken_install_says_so_instead_of_hanging_on_the_shell():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", BROKEN_INSTALL], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "could not start (ModuleNotFoundError" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
@pytest.mark.skipif(not (Path(sys.executable).parent / "mutual-checklist").exists(),
                    reason="runs from an installed environment (as tasks.py sets up)")
def test_the_no_display_message_names_a_command_that_runs_from_here(tmp_path):
    """After `tasks.py app` the program lives in .venv, which is not on PATH: say that path."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                           "QT_QPA_PLATFORM")}
    env["PATH"] = "/usr/bin:/bin"
    result = subprocess.run([sys.executable, "-m", "mutual_checklist", "--demo"], env=env,
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1
    command = result.stderr.split("run '", 1)[1].split("'", 1)[0]
    assert command.endswith(" --help")
    helped = subprocess.run(command.split(" ")[:-1] + ["--help"], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path, env=env)
    assert helped.returncode == 0 and "subcommands" in helped.stdout.lower()
