"""Sam's laptop (1366×768 at 125 % and 150 %) and a big screen (1920×1080): every view and every
dialog of the real app fits the screen, no view scrolls sideways, and no window has two controls
on the same Alt+letter.

Qt reads the scale factor once per program, so each screen runs `screen_probe.py` in a program
of its own (all three at once). The probe walks `VIEWS`, presses every button of every view (on
every tab page) and triggers every menu command, so views and dialogs added later are covered
without changing this test.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mutual_checklist.ui.main_window import VIEWS

PROBE = Path(__file__).with_name("screen_probe.py")
SCREENS = [("1.25", 1366, 768), ("1.5", 1366, 768), ("1", 1920, 1080)]
EXPECTED_DIALOGS = ("New project", "Add barrier", "Add contact", "Add a review comment", "Preferences",
                    "Project details", "Monthly review", "Delivery confidence", "Log interaction",
                    "Not applicable", "Blocked")


@pytest.fixture(scope="module")
def probes(tmp_path_factory) -> dict[str, list[dict]]:
    folder = tmp_path_factory.mktemp("probes")
    running = {}
    for scale, width, height in SCREENS:
        out = folder / f"{width}x{height}@{scale}.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
        env["QT_SCALE_FACTOR"] = scale
        running[out.stem] = (out, subprocess.Popen(
            [sys.executable, str(PROBE), str(width), str(height), str(out)], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    results = {}
    for name, (out, process) in running.items():
        output, _ = process.communicate(timeout=240)
        assert process.returncode == 0, output[-3000:]
        results[name] = json.loads(out.read_text())
    return results


def test_every_view_of_every_window_is_opened(probes):
    for name, records in probes.items():
        views = {r["name"] for r in records if r["kind"] == "view"}
        for key, _title, _cls in VIEWS:
            assert f"project: {key}" in views, name
            assert f"review-copy: {key}" in views, name
        assert {"portfolio", "welcome"} <= views
        titles = " | ".join(r["name"] for r in records if r["kind"] == "dialog")
        for expected in EXPECTED_DIALOGS:
            assert expected in titles, f"{name}: {expected} was not opened"


def test_every_window_and_dialog_fits_the_available_screen(probes):
    too_big = [f"{name}: {r['name']} is {r['size']} on {r['available']}"
               for name, records in probes.items() for r in records if not r["fits"]]
    assert too_big == []


def test_no_view_scrolls_sideways(probes):
    sideways = [f"{name}: {r['name']} {r['hscroll']}" for name, records in probes.items()
                for r in records if r["kind"] == "view" and r["hscroll"]]
    assert sideways == []


def test_no_two_controls_share_an_alt_letter(probes):
    clashes = {f"{r['name']}: {clash}" for records in probes.values() for r in records
               for clash in r["clashes"]}
    assert sorted(clashes) == []


def test_no_label_shows_a_literal_ampersand(probes):
    literal = {f"{r['name']}: {text!r}" for records in probes.values() for r in records
               for text in r["literal"]}
    assert sorted(literal) == []
