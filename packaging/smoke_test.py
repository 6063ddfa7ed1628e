"""Check a built Mutual Checklist the way a user first meets it, in a throwaway data folder.

Usage: python packaging/smoke_test.py PATH_TO_PROGRAM [--keep]

PATH_TO_PROGRAM is the frozen program (dist/mutual-checklist/mutual-checklist, or
mutual-checklist-cli.exe on Windows) or an installed `mutual-checklist` script. It opens the demo
project in a window (offscreen unless QT_QPA_PLATFORM says otherwise), paints it and builds every
view, then runs `templates`, `demo`, `export --format json` and `report`. It fails on a non-zero
exit, a traceback, an error in the app's log, or a missing resource; Qt's harmless warnings (for
example the offscreen plugin's "does not support propagateSizeHints()") are shown, not failed on.
Standard library only.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAILURE_SIGNS = re.compile(
    r"Traceback|ModuleNotFoundError|ImportError|FileNotFoundError|TTFError|"
    r"No such file|cannot open|could not (load|find)|is missing|unexpected error", re.I)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    program = Path(argv[0]).resolve()
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mutual-smoke-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, MUTUAL_CHECKLIST_DATA_DIR=str(work / "data"),
                   XDG_CONFIG_HOME=str(work / "config"), MUTUAL_CHECKLIST_SMOKE_ALL_VIEWS="1",
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        demo, exported, report = work / "demo.mutual", work / "demo.json", work / "report.pdf"
        steps = [
            ("window", ["--demo", "--smoke-test"], "project shown after"),
            ("templates", ["templates"], "mutual-2011"),
            ("demo", ["demo", str(demo)], "Wrote the demo project"),
            ("export", ["export", str(demo), "--format", "json", "-o", str(exported)], "Exported"),
            ("report", ["report", str(demo), "-o", str(report)], ""),
        ]
        for name, args, expected in steps:
            started = time.monotonic()
            try:
                result = subprocess.run([str(program), *args], env=env, cwd=work,
                                        capture_output=True, text=True, timeout=180)
            except (OSError, subprocess.TimeoutExpired) as error:
                problems.append(f"{name}: could not run ({error})")
                continue
            took = time.monotonic() - started
            print(f"{name:<10} exit {result.returncode}  {took:5.1f} s  "
                  f"{result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ''}")
            for line in dict.fromkeys(result.stderr.splitlines()):
                if line.strip() and not FAILURE_SIGNS.search(line):
                    print(f"           (stderr, not a failure: {line.strip()[:160]})")
            if result.returncode != 0:
                problems.append(f"{name}: exit code {result.returncode}\n{result.stderr.strip()}")
            elif FAILURE_SIGNS.search(result.stderr):
                problems.append(f"{name}: errors on stderr\n{result.stderr.strip()}")
            if expected and expected not in result.stdout:
                problems.append(f"{name}: expected {expected!r} in the output, got "
                                f"{result.stdout.strip()[:300]!r}")
        problems += _check_outputs(exported, report)
        log = work / "data" / "logs" / "mutual-checklist.log"
        if log.exists() and re.search(r" (ERROR|CRITICAL) ", log.read_text(encoding="utf-8")):
            problems.append(f"the app logged errors:\n{log.read_text(encoding='utf-8')[-3000:]}")
    for problem in problems:
        print(f"SMOKE TEST FAILED: {problem}", file=sys.stderr)
    if not problems:
        print(f"Smoke test passed: {program}")
    return 1 if problems else 0


def _check_outputs(exported: Path, report: Path) -> list[str]:
    problems = []
    try:
        data = json.loads(exported.read_text(encoding="utf-8"))
        if not data.get("steps") and not data.get("project"):
            problems.append("export: the JSON has no project in it")
    except (OSError, ValueError) as error:
        problems.append(f"export: no readable JSON ({error})")
    try:
        pdf = report.read_bytes()
        if not pdf.startswith(b"%PDF") or len(pdf) < 10_000:
            problems.append(f"report: not a plausible PDF ({len(pdf)} bytes)")
    except OSError as error:
        problems.append(f"report: no PDF written ({error})")
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
