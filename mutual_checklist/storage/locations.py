"""Is a project file in a synced or network folder, where two copies can drift apart?

Sync tools (OneDrive, Dropbox, Google Drive, iCloud) copy a database file while it is being
written, and network shares (SMB, NFS, UNC paths) may not honour SQLite's locks, so the app warns.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

_SYNCED = (("onedrive", "OneDrive"), ("dropbox", "Dropbox"), ("google drive", "Google Drive"),
           ("googledrive", "Google Drive"), ("my drive", "Google Drive"),
           ("icloud", "iCloud Drive"), ("mobile documents", "iCloud Drive"),
           ("cloudstorage", "a cloud storage folder"), ("box sync", "Box"),
           ("nextcloud", "Nextcloud"), ("owncloud", "ownCloud"), ("sharepoint", "SharePoint"))
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smbfs", "smb3", "afpfs", "webdav",
               "davfs", "fuse.sshfs", "sshfs", "9p", "fuse.rclone", "ncpfs", "afs"}


def shared_folder_kind(path: Path) -> str | None:
    """'OneDrive', 'a network folder' and so on, or None for an ordinary local folder."""
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "a network folder"
    parts = [part.lower() for part in Path(path).parts]
    for needle, label in _SYNCED:  # the most specific names first
        if any(needle in part for part in parts):
            return label
    if _on_network_mount(Path(path)):
        return "a network folder"
    return None


def _on_network_mount(path: Path) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as handle:
            mounts = [line.split()[:3] for line in handle if line.strip()]
    except OSError:
        return False  # macOS and others: the folder names above are the only clue
    try:
        target = str(path.resolve())
    except OSError:
        return False
    best, kind = "", ""
    for entry in mounts:
        if len(entry) < 3:
            continue
        point = entry[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, entry[2]
    return kind.lower() in _NETWORK_FS


def shared_folder_warning(kind: str) -> str:
    return (f"This project is in {kind}. If others open it there too, or the folder is synced "
            "while you work, changes can clash: keep the project in your own folder if you can.")
