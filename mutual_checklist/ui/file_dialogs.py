"""Every file picker and "open this file" call goes through here, so tests replace one seam."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from mutual_checklist import evidence_files, paths

PROJECT_FILTER = "Mutual Checklist projects (*.mutual)"


def default_folder() -> Path:
    """Where file pickers start: the folder chosen in Preferences, else the home folder."""
    from PySide6.QtCore import QSettings

    chosen = QSettings().value("default_folder", "")
    return Path(chosen) if chosen and Path(chosen).is_dir() else Path.home()


def ask_open_files(parent: QWidget, title: str, filter_text: str = "All files (*)") -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(default_folder()), filter_text)
    return [Path(n) for n in names]


def ask_open_path(parent: QWidget, title: str, filter_text: str = PROJECT_FILTER) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(default_folder()), filter_text)
    return Path(name) if name else None


def ask_save_path(parent: QWidget, title: str, suggested: str,
                  filter_text: str = "All files (*)") -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(default_folder() / suggested), filter_text)
    return Path(name) if name else None


def safe_file_name(name: str) -> str:
    """A name that is safe on every system (see `evidence_files.clean_name`)."""
    return evidence_files.clean_name(name)


def open_copy(name: str, content: bytes, evidence_id: str = "") -> Path | None:
    """Write a copy of stored evidence to the data folder's `opened/` and open it with its usual
    program; only documents and images (`evidence_files.OPENABLE`) are ever opened."""
    if not evidence_files.can_open(name):
        return None
    target = evidence_files.write_for_opening(paths.data_dir(), evidence_id or "file", name,
                                              content)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    return target


def open_link(link: str) -> bool:
    """Open a stored web link in the browser; only http(s), never files or scripts."""
    url = QUrl(link)
    if url.scheme().lower() not in ("http", "https"):
        return False
    return QDesktopServices.openUrl(url)
