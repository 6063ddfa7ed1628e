"""tasks.py, the README's entry point: a half-made environment is rebuilt, not reused, and pip
failing for want of a network is said in plain words."""
from __future__ import annotations

import importlib.util
import os
import stat
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
tasks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tasks)

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX layout of a virtual environment")


def fake_python(folder: Path, script: str) -> Path:
    python = folder / "bin" / "python"
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text(f"#!/bin/sh\n{script}\n")
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    (folder / "pyvenv.cfg").write_text(f"home = {Path(sys.executable).parent}\n")
    return python


def test_an_environment_without_pip_is_not_healthy(tmp_path):
    env = tmp_path / ".venv"
    fake_python(env, "exit 0")
    assert not tasks._healthy(env)  # what a failed first run without python3-venv leaves
    pip = env / "lib" / "python3.11" / "site-packages" / "pip"
    pip.mkdir(parents=True)
    (pip / "__init__.py").write_text("")
    assert tasks._healthy(env)


def test_pip_offline_is_one_plain_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "PIP_LOG", tmp_path / "pip.log")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    python = fake_python(tmp_path, "echo 'ERROR: Could not find a version that satisfies the "
                                   "requirement sqlite-utils' >&2; exit 1")
    with pytest.raises(tasks.SetupFailed) as failure:
        tasks._pip(python, "install", "x", what="install the dependencies")
    message = str(failure.value)
    assert "offline" in message and "Traceback" not in message and "\n" not in message
    assert "pip.log" in message and (tmp_path / "pip.log").read_text()


def test_an_offline_update_keeps_the_working_environment(tmp_path, monkeypatch, capsys):
    env = tmp_path / ".venv"
    fake_python(env, "echo 'ERROR: No matching distribution found for x' >&2; exit 1")
    pip = env / "lib" / "python3.11" / "site-packages" / "pip"
    pip.mkdir(parents=True)
    (pip / "__init__.py").write_text("")
    (env / ".installed-from").write_text("an older pyproject.toml")
    monkeypatch.setattr(tasks, "PIP_LOG", tmp_path / "pip.log")
    monkeypatch.setattr(tasks, "ROOT", ROOT)
    assert tasks.ensure_environment(env, ["x"]) == env / "bin" / "python"
    assert "Carrying on with the environment as it was" in capsys.readouterr().err


def test_a_moved_environment_points_at_its_new_place(tmp_path):
    built, final = tmp_path / ".venv.building", tmp_path / ".venv"
    final.mkdir()
    (final / "bin").mkdir()
    (final / "bin" / "mutual-checklist").write_text(f"#!{built}/bin/python\nimport x\n")
    (final / "pyvenv.cfg").write_text(f"command = python -m venv {built}\n")
    tasks._relocate(built, final)
    assert (final / "bin" / "mutual-checklist").read_text().startswith(f"#!{final}/bin/python")
    assert str(built) not in (final / "pyvenv.cfg").read_text()
