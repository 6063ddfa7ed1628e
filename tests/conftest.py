"""Test set-up: headless Qt, no real user data, shared fixtures."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own data folder and settings, so nothing touches the user's real ones."""
    from PySide6.QtCore import QSettings, QStandardPaths

    data_dir = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("MUTUAL_CHECKLIST_DATA_DIR", str(data_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data_dir / "config"))  # for child processes too
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(data_dir / "settings"))
    return data_dir
