"""Evidence leaving the project: safe names, only documents and images opened, marked as from
outside, and the opened/ folder emptied."""
from __future__ import annotations

import os
import stat

import pytest

from mutual_checklist import evidence_files as ef

HOSTILE = {
    "invoice.pdf.exe": "invoice.pdf.exe",
    "shortcut.lnk": "shortcut.lnk",
    "script.bat": "script.bat",
    "run-me.desktop": "run-me.desktop",
    "C:\\Windows\\System32\\evil.exe": "evil.exe",
    "../../etc/passwd": "passwd",
    "Board minutes\u202efdp.exe": "Board minutesfdp.exe",
    "Board minutes\u2067\u200bfdp.exe\u2069": "Board minutesfdp.exe",
    "CON": "_CON",
    "nul.txt": "_nul.txt",
    "com1.pdf": "_com1.pdf",
    "LPT9": "_LPT9",
    "report.pdf. . ": "report.pdf",
    "  .hidden": "hidden",
    "line\nbreak\r.txt": "linebreak.txt",
    'a<b>c:d*e?f"g|h.txt': "a_b_c_d_e_f_g_h.txt",
    "": "file",
    "\u202e": "file",
}


@pytest.mark.parametrize("name,cleaned", HOSTILE.items())
def test_names_lose_paths_controls_and_windows_traps(name, cleaned):
    assert ef.clean_name(name) == cleaned


def test_long_names_are_shortened_keeping_the_extension():
    cleaned = ef.clean_name("x" * 1000 + ".pdf")
    assert len(cleaned) == ef.MAX_NAME and cleaned.endswith(".pdf")


@pytest.mark.parametrize("name", [
    "invoice.pdf.exe", "shortcut.lnk", "script.bat", "run-me.desktop", "tool.cmd", "x.ps1",
    "x.vbs", "x.js", "x.jar", "x.msi", "x.scr", "x.com", "x.sh", "x.app", "x.py", "x.hta",
    "x.html", "x.svg", "x.docm", "x.xlsm", "x.doc", "x.csv", "x.url", "x.iso", "README",
    "Board minutes\u202efdp.exe", "minutes\u202efdp.lnk", "photo.jpg.exe "])
def test_programs_scripts_and_shortcuts_are_never_opened(name):
    assert not ef.can_open(name)


@pytest.mark.parametrize("name", ["minutes.pdf", "Plan.DOCX", "budget.xlsx", "notes.odt",
                                  "readme.txt", "photo.JPG", "chart.png", "photo.jpg."])
def test_documents_and_images_are_opened(name):
    assert ef.can_open(name)


def test_write_for_opening_is_owner_only_inside_opened(tmp_path):
    path = ef.write_for_opening(tmp_path, "ev-1", "../Board minutes.pdf", b"%PDF-1.4")
    assert path.parent.parent == tmp_path / "opened"
    assert path.name == "Board minutes.pdf" and path.read_bytes() == b"%PDF-1.4"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "opened").stat().st_mode) == 0o700
    with pytest.raises(ValueError):
        ef.write_for_opening(tmp_path, "ev-2", "Board minutes\u202efdp.exe", b"MZ")
    assert not list((tmp_path / "opened").glob("ev-2*"))


def test_windows_copies_get_a_zone_identifier(tmp_path):
    # On Windows this is an alternate data stream; here the same call makes a plain file with
    # the stream's name, so what is written can be checked.
    target = tmp_path / "minutes.pdf"
    target.write_bytes(b"%PDF")
    assert ef.mark_from_outside(target, platform="win32") == ef.ZONE_IDENTIFIER
    stream = tmp_path / "minutes.pdf:Zone.Identifier"
    assert stream.read_bytes() == b"[ZoneTransfer]\r\nZoneId=3\r\n"


@pytest.mark.skipif(not hasattr(os, "getxattr"), reason="no extended attributes here")
def test_linux_copies_say_where_they_came_from(tmp_path):
    target = tmp_path / "minutes.pdf"
    target.write_bytes(b"%PDF")
    try:
        os.setxattr(target, "user.probe", b"1")
    except OSError:
        pytest.skip("this file system keeps no user attributes")
    assert ef.mark_from_outside(target, platform="linux")
    assert os.getxattr(target, "user.xdg.origin.url") == b"mutual-checklist:evidence"


def test_empty_opened_removes_every_copy(tmp_path):
    for n in range(3):
        ef.write_for_opening(tmp_path, f"ev-{n}", f"file {n}.txt", b"personal data")
    (tmp_path / "opened" / "stray.txt").write_text("x")
    assert ef.empty_opened(tmp_path) == 4
    assert list((tmp_path / "opened").iterdir()) == []
    assert ef.empty_opened(tmp_path / "nowhere") == 0
