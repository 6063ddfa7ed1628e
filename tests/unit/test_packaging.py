"""What the packaging promises: one version, desktop files that agree, the icon in every size,
and a checklist folder the wheel maps in (the build itself runs in `tasks.py dist-check`)."""
from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mutual_checklist import APP_ID, __version__, resources

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"


def test_the_version_is_written_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    releases = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot().find("releases")
    assert releases[0].get("version") == __version__, "add a <release> for the new version"
    assert f'#define AppVersion "{__version__}"' in \
        (ROOT / "packaging" / "windows" / "mutual-checklist.iss").read_text(encoding="utf-8")


def test_desktop_entry_metainfo_and_mime_type_agree():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot().find("m:mime-type", ns)
    assert desktop["MimeType"].rstrip(";") == mime.get("type") == "application/x-mutual-checklist"
    assert mime.find("m:glob", ns).get("pattern") == "*.mutual"
    assert desktop["Icon"] == APP_ID
    meta = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == f"{APP_ID}.desktop"
    assert meta.find("provides").findtext("mediatype") == mime.get("type")


def test_the_app_icon_exists_in_every_size_from_one_svg():
    sizes = [int(p.stem) for p in resources.app_icon_files()]
    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]
    icons = resources.icons_dir()
    assert (icons / "mutual-checklist.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (icons / "mutual-checklist.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (icons / "mutual-checklist.icns").read_bytes()[:4] == b"icns"
    for path in resources.app_icon_files():
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == height == int(path.stem)



@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_desktop_entry_validates():
    result = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream")
def test_metainfo_validates():
    result = subprocess.run(["appstreamcli", "validate", "--no-net",
                             str(LINUX / f"{APP_ID}.metainfo.xml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "W:" not in result.stdout and "E:" not in result.stdout, result.stdout
