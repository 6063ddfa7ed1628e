"""Measure the PRODUCT.md §5 targets that are not about reports: launch, edits, JSON, memory.

Run: .venv/bin/python benchmarks/bench_app.py   (needs no display; uses the offscreen platform)

Prints one line per figure. Nothing here is asserted: figures go into the closing notes.
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.large_project import build_large  # noqa: E402
from mutual_checklist import resources  # noqa: E402
from mutual_checklist.cli import template_lookup  # noqa: E402
from mutual_checklist.domain.models import StepState, StepStatus  # noqa: E402
from mutual_checklist.export import interchange  # noqa: E402
from mutual_checklist.storage.repository import ProjectRepository  # noqa: E402

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            print(f"first paint after {(time.time() - START) * 1000:.0f} ms"); QTimer.singleShot(0, app.quit)
        return False
START = float(sys.argv[1])
app = QApplication([]); f = F(); app.installEventFilter(f)
w = QMainWindow(); w.resize(800, 600); w.show(); app.exec()
"""


def _first_paint_ms(args: list[str], env: dict[str, str]) -> float:
    out = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120).stdout
    return float(out.split("first paint after")[1].split("ms")[0])


def launch(large: Path, env: dict[str, str], runs: int = 5) -> None:
    bare, app = [], []
    for _ in range(runs):
        bare.append(_first_paint_ms([sys.executable, "-c", BARE_WINDOW, str(time.time())], env))
        app.append(_first_paint_ms([sys.executable, "-m", "mutual_checklist", str(large),
                                    "--smoke-test"], env))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"launch to first paint: bare PySide6 window {b:.0f} ms, app on large project "
          f"{a:.0f} ms ({a / b:.2f}x; target <= 2x)")


def edits(path: Path, runs: int = 200) -> None:
    times = []
    with ProjectRepository.open(path) as repo:
        for n in range(runs):
            status = StepStatus.IN_PROGRESS if n % 2 else StepStatus.DONE
            start = time.perf_counter()
            repo.save_step_state(StepState("S3-02", status, notes=f"edit {n}"))
            times.append((time.perf_counter() - start) * 1000)
    print(f"one edit committed to disk: median {statistics.median(times):.2f} ms, "
          f"p95 {sorted(times)[int(runs * 0.95)]:.2f} ms (target median <= 10 ms)")


def json_round_trip(path: Path, folder: Path) -> None:
    with ProjectRepository.open(path, read_only=True) as repo:
        start = time.perf_counter()
        text = interchange.export_text(repo)
        exported = time.perf_counter() - start
    source = folder / "large.json"
    source.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    interchange.import_file(source, folder / "imported.mutual", template_lookup).close()
    imported = time.perf_counter() - start
    print(f"JSON export, large project: {exported:.2f} s ({len(text) / 1e6:.1f} MB); "
          f"import: {imported:.2f} s (target <= 2 s each)")


def memory(large: Path, env: dict[str, str]) -> None:
    # VmHWM, not ru_maxrss: on Linux a child's ru_maxrss can carry the parent's peak from fork.
    probe = ("import sys; from mutual_checklist import app; code = app.main(sys.argv[1:]);"
             " hwm = open('/proc/self/status').read().split('VmHWM:')[1].split()[0];"
             " print('peak_kib', hwm)")
    out = subprocess.run([sys.executable, "-c", probe, str(large), "--smoke-test"], env=env,
                         capture_output=True, text=True, timeout=120).stdout
    kib = int(out.split("peak_kib")[1].split()[0])
    print(f"peak memory, large project open: {kib / 1024:.0f} MiB (target <= 150 MiB)")


def filter_typing(large: Path) -> None:
    """Type into the Stakeholders search box over the large project's 5,000 contacts."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from mutual_checklist.ui.application import build_main_window

    app = QApplication.instance() or QApplication([])
    window = build_main_window(large)
    window.resize(1366, 768)
    window.show()
    window.show_view("stakeholders")
    view = window.views["stakeholders"]
    app.processEvents()
    times = []
    for text in ("p", "pe", "per", "pers", "perso", "person", "org 5", "org 52", "role 1", ""):
        start = time.perf_counter()
        view.filter_edit.setText(text)
        view.table.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
    window.session.close()
    print(f"filter-as-you-type over {view.contacts_model.rowCount():,} contacts: median "
          f"{statistics.median(times):.1f} ms, worst {max(times):.1f} ms a keystroke "
          "(target <= 30 ms)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   MUTUAL_CHECKLIST_DATA_DIR=str(folder / "data"),
                   XDG_CONFIG_HOME=str(folder / "config"))
        os.environ.update(MUTUAL_CHECKLIST_DATA_DIR=env["MUTUAL_CHECKLIST_DATA_DIR"])
        template = resources.find_bundled_template("mutual-2011")
        large = folder / "large.mutual"
        start = time.perf_counter()
        build_large(large, template, resources.template_text("mutual-2011"),
                    dt.date.today()).close()
        print(f"generated the large project in {time.perf_counter() - start:.1f} s "
              f"({large.stat().st_size / 1e6:.1f} MB)")
        launch(large, env)
        edits(large)
        json_round_trip(large, folder)
        memory(large, env)
        filter_typing(large)


if __name__ == "__main__":
    main()
