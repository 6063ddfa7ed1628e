"""Start-up against a bare PySide6 window: first paint and peak memory, pair by pair.

Run: .venv/bin/python benchmarks/bench_startup.py [--pairs 7] [--platform offscreen|xcb]

Each pair runs the bare window (a QMainWindow with a QLabel, shown, quit on the event loop's
next turn after its first paint: offscreen that is its first turn; under X11 the paint waits for
the server's expose) and the app (`mutual-checklist FILE --smoke-test`) in the same venv, alternating
which goes first. Times run from the process's own start (the kernel's start time in
/proc/self/stat) to the first paint; the app also reports when the project's own window was
painted ("project shown"). Peak memory is VmHWM at exit. Prints one table with the targets.
Nothing is asserted: the figures go into closing notes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGETS = {"demo": 2.0, "large": 2.5}
MEMORY_TARGET = 1.7

SINCE_START = """
import os
def since_start_ms():
    with open("/proc/self/stat", encoding="ascii") as stat:
        ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as uptime:
        return (float(uptime.read().split()[0]) - ticks / os.sysconf("SC_CLK_TCK")) * 1000
def peak_kib():
    return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
"""

BARE = SINCE_START + """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
class FirstPaint(QObject):
    done = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"first paint after {since_start_ms():.1f} ms", flush=True)
            QTimer.singleShot(0, app.quit)  # the next turn of the event loop
        return False
app = QApplication(sys.argv[:1])
spy = FirstPaint()
app.installEventFilter(spy)
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1280, 800)
window.show()
QTimer.singleShot(10_000, app.quit)  # never hang
app.exec()
print("peak_kib", peak_kib())
"""

APP = SINCE_START + """
import sys
from mutual_checklist import app
code = app.main(sys.argv[1:])
print("peak_kib", peak_kib())
sys.exit(code)
"""


def run(code: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                            text=True, timeout=180)
    if result.returncode != 0 or "first paint after" not in result.stdout:
        raise SystemExit(f"a run failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    figures = {}
    for line in result.stdout.splitlines():
        if " after " in line:
            label, value = line.split(" after ")
            figures[label] = float(value.split()[0])
        elif line.startswith("peak_kib"):
            figures["peak_mib"] = int(line.split()[1]) / 1024
    return figures


def pairs(project: Path, count: int, env: dict[str, str]) -> list[tuple[dict, dict]]:
    results = []
    for n in range(count + 1):  # the first pair warms the disk cache and is dropped
        order = [("bare", BARE, []), ("app", APP, [str(project), "--smoke-test"])]
        if n % 2:
            order.reverse()
        got = {name: run(code, args, env) for name, code, args in order}
        if n:
            results.append((got["bare"], got["app"]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--platform", default="offscreen")
    options = parser.parse_args()
    from benchmarks.large_project import build_large
    from mutual_checklist import resources
    from mutual_checklist.demo import DEMO_TEMPLATE_ID, build_demo

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, QT_QPA_PLATFORM=options.platform,
                   MUTUAL_CHECKLIST_DATA_DIR=str(folder / "data"),
                   XDG_CONFIG_HOME=str(folder / "config"))
        os.environ["MUTUAL_CHECKLIST_DATA_DIR"] = env["MUTUAL_CHECKLIST_DATA_DIR"]
        template = resources.find_bundled_template(DEMO_TEMPLATE_ID)
        text = resources.template_text(DEMO_TEMPLATE_ID)
        projects = {"demo": folder / "demo.mutual", "large": folder / "large.mutual"}
        build_demo(projects["demo"], template, text).close()
        build_large(projects["large"], template, text, dt.date.today()).close()
        rows = []
        for name, path in projects.items():
            measured = pairs(path, options.pairs, env)
            bare = [b["first paint"] for b, _ in measured]
            app = [a["first paint"] for _, a in measured]
            shown = [a["project shown"] for _, a in measured]
            ratios = [a / b for a, b in zip(app, bare)]
            mem_bare = statistics.median(b["peak_mib"] for b, _ in measured)
            mem_app = statistics.median(a["peak_mib"] for _, a in measured)
            rows.append((name, statistics.median(bare), statistics.median(app), ratios,
                         statistics.median(shown), mem_bare, mem_app))
    print(f"\nStart-up, {options.pairs} pairs each, platform {options.platform}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"Python {sys.version.split()[0]}")
    print("| project | bare window | app first paint | ratio (median of pairs) | target | "
          "pair ratios | project shown (x bare) | peak memory bare / app | ratio | target |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, bare, app, ratios, shown, mem_bare, mem_app in rows:
        ratio, mem_ratio = statistics.median(ratios), mem_app / mem_bare
        print(f"| {name} | {bare:.0f} ms | {app:.0f} ms | {ratio:.2f}x | <= {TARGETS[name]}x "
              f"{'met' if ratio <= TARGETS[name] else 'MISSED'} | "
              f"{' '.join(f'{r:.2f}' for r in ratios)} | {shown:.0f} ms ({shown / bare:.1f}x) | "
              f"{mem_bare:.0f} / {mem_app:.0f} MiB | {mem_ratio:.2f}x | <= {MEMORY_TARGET}x "
              f"{'met' if mem_ratio <= MEMORY_TARGET else 'MISSED'} |")
    print("Times: median ms from process start to first paint. 'project shown': the project's "
          "own window painted (the shell is painted first). Memory: median VmHWM at exit.")


if __name__ == "__main__":
    main()
