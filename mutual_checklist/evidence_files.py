"""Evidence files leaving the project: safe names, what may be opened, marked as from outside.

Evidence arrives in files other people made (interchange JSON, review copies, any `.mutual`), so
a stored name and its content are untrusted. Only documents and images on `OPENABLE` are ever
handed to the system's "open" action; anything else (a program, a shortcut, a script, a web
page, a macro-enabled document) can only be saved with "Save as…". Names lose control and
bidirectional characters, so "minutes\u202efdp.exe" cannot pose as a PDF, and become safe on
Windows (no reserved device names such as CON or NUL, no trailing dots or spaces, not too long).
Copies written for opening go to the data folder's `opened/`, are owner-only, are marked as
coming from outside where the system supports it, and are deleted at the next start and when a
contact is erased.

No Qt here: the window calls these and does the asking and the opening.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import sys
import time
import unicodedata
from pathlib import Path

from mutual_checklist.storage import atomic

OPENABLE = frozenset({
    ".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".txt",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp"})
"""Documents and images opened with their usual program. Not here on purpose: programs and
scripts of every kind, shortcuts, web pages and SVG (they run scripts), CSV (spreadsheets run
formulas in it), RTF and legacy or macro-enabled Office files (.doc, .docm, .xls, .xlsm…)."""
MAX_NAME = 120
OPENED = "opened"
_RESERVED = re.compile(r"^(con|prn|aux|nul|conin\$|conout\$|clock\$|com[0-9¹²³]|lpt[0-9¹²³])$",
                       re.IGNORECASE)
_FORBIDDEN = re.compile(r'[\\/:*?"<>|]')
ZONE_IDENTIFIER = "[ZoneTransfer]\r\nZoneId=3\r\n"  # 3: the Internet zone, as a download gets


def clean_name(name: str) -> str:
    """A file name that is safe to show and to write on any system.

    Control, format (bidirectional overrides, zero-width) and line-separator characters go;
    folder parts and characters Windows forbids become "_"; leading and trailing dots and spaces
    go; a reserved device name (CON, NUL.txt, com1…) gets a leading "_"; names over 120
    characters are shortened keeping the extension.
    """
    text = unicodedata.normalize("NFC", str(name))
    text = "".join(ch for ch in text
                   if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co"))
    text = re.split(r"[\\/]", text)[-1]  # the last part of any path, either separator
    text = _FORBIDDEN.sub("_", text).strip(" .")
    stem, dot, suffix = text.partition(".")
    if _RESERVED.match(stem.strip(" ")):
        text = "_" + text
    if len(text) > MAX_NAME:
        base, ext = os.path.splitext(text)
        ext = ext if len(ext) <= 16 else ""
        text = base[:MAX_NAME - len(ext)].rstrip(" .") + ext
    return text or "file"


def suffix(name: str) -> str:
    return os.path.splitext(clean_name(name))[1].lower()


def can_open(name: str) -> bool:
    """True when a file of this name may be handed to the system's "open" action."""
    return suffix(name) in OPENABLE


def opened_folder(data_dir: Path) -> Path:
    return data_dir / OPENED


def write_for_opening(data_dir: Path, evidence_id: str, name: str, content: bytes) -> Path:
    """Write a copy for the system to open: `opened/<id>/<clean name>`, owner-only, marked as
    from outside.

    Raises:
        ValueError: the name is not of a kind that may be opened (check `can_open` first).
    """
    if not can_open(name):
        raise ValueError(f"{clean_name(name)} is not a kind of file the app opens.")
    folder = opened_folder(data_dir) / (re.sub(r"[^A-Za-z0-9_-]", "", evidence_id)[:32] or "x")
    from mutual_checklist.paths import ensure_private

    ensure_private(folder.parent)
    ensure_private(folder)
    target = folder / clean_name(name)
    atomic.write_bytes_atomically(target, content)
    mark_from_outside(target)
    return target


def save_copy(target: Path, content: bytes) -> Path:
    """"Save as…": write the evidence where the user chose, owner-only, marked as from outside."""
    target = Path(target)
    atomic.write_bytes_atomically(target, content)
    mark_from_outside(target)
    return target


def mark_from_outside(path: Path, platform: str = sys.platform) -> str:
    """Mark a written file as coming from outside, as a browser marks a download; returns what
    was written ("" where the system has no such mark or it could not be set).

    Windows: a `Zone.Identifier` stream (Office then opens it in Protected View and SmartScreen
    checks it). macOS: the `com.apple.quarantine` attribute (Gatekeeper checks it). Linux: the
    freedesktop `user.xdg.origin.url` attribute, which file managers show (no enforcement).
    """
    try:
        if platform == "win32":
            with open(f"{path}:Zone.Identifier", "w", encoding="ascii", newline="") as stream:
                stream.write(ZONE_IDENTIFIER)
            return ZONE_IDENTIFIER
        if platform == "darwin":
            value = f"0081;{int(time.time()):x};Mutual Checklist;".encode()
            _darwin_setxattr(path, b"com.apple.quarantine", value)
            return value.decode()
        if hasattr(os, "setxattr"):
            value = b"mutual-checklist:evidence"
            os.setxattr(path, "user.xdg.origin.url", value)
            return value.decode()
    except OSError:
        pass  # a file system without such marks (FAT, some network shares, tmpfs)
    return ""


def _darwin_setxattr(path: Path, name: bytes, value: bytes) -> None:  # pragma: no cover - macOS
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.setxattr(os.fsencode(str(path)), name, value, len(value), 0, 0)
    if result != 0:
        raise OSError(ctypes.get_errno(), "setxattr failed", str(path))


def empty_opened(data_dir: Path) -> int:
    """Delete every copy written for opening (at start and when a contact is erased); returns
    how many files went. A file another program still holds open (Windows) stays."""
    folder = opened_folder(data_dir)
    removed = 0
    if not folder.is_dir():
        return 0
    for entry in list(folder.iterdir()):
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                removed += sum(1 for p in entry.rglob("*") if p.is_file())
                shutil.rmtree(entry)
            else:
                entry.unlink()
                removed += 1
    return removed


def empty_opened_folder() -> int:
    """`empty_opened` on this user's data folder; never fails (0 when it cannot)."""
    from mutual_checklist import paths

    try:
        return empty_opened(paths.data_dir())
    except (OSError, RuntimeError):
        return 0
