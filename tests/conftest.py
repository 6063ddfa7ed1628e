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
    """Every test gets its own data folder, so nothing touches the user's real one."""
    data_dir = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("MUTUAL_CHECKLIST_DATA_DIR", str(data_dir))
    return data_dir
