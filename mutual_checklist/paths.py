"""Where user data lives: the per-user *local* data folder, or an override for tests and scripts.

Documents is often a synced folder on council laptops and sync tools corrupt live databases, so
projects, backups and logs live in the local (non-roaming) application data folder.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_OVERRIDE = "MUTUAL_CHECKLIST_DATA_DIR"


def data_dir() -> Path:
    """Return the data folder, creating it (owner-only) if needed.

    Raises:
        RuntimeError: when running under pytest without an override, so tests never touch the
            real user folder.
    """
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        folder = Path(override)
    elif "PYTEST_CURRENT_TEST" in os.environ:
        raise RuntimeError(f"tests must set {ENV_OVERRIDE}")
    elif sys.platform == "win32":
        folder = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        folder = folder / "Mutual Checklist"
    elif sys.platform == "darwin":
        folder = Path.home() / "Library" / "Application Support" / "Mutual Checklist"
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        folder = Path(base) / "mutual-checklist"
    return _ensure(folder)


def projects_dir() -> Path:
    return _ensure(data_dir() / "projects")


def backups_dir() -> Path:
    return _ensure(data_dir() / "backups")


def logs_dir() -> Path:
    return _ensure(data_dir() / "logs")


def ensure_private(folder: Path) -> Path:
    """Create `folder` if needed and make it owner-only (0700) on POSIX, even if it existed."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        try:
            if folder.stat().st_mode & 0o077:
                os.chmod(folder, 0o700)
        except OSError:
            pass  # not ours to change (e.g. a shared override folder): leave it
    return folder


_ensure = ensure_private
