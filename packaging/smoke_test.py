"""Run a built Mutual Checklist with --smoke-test in a throwaway data folder; fail on noise.

Usage: python packaging/smoke_test.py PATH_TO_EXECUTABLE
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile


def main(executable: str) -> int:
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, MUTUAL_CHECKLIST_DATA_DIR=data,
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        result = subprocess.run([executable, "--demo", "--smoke-test"], env=env,
                                capture_output=True, text=True, timeout=120)
        templates = subprocess.run([executable, "templates"], env=env, capture_output=True,
                                   text=True, timeout=60)
    print(result.stdout.strip())
    problems = []
    if result.returncode != 0 or "first paint after" not in result.stdout:
        problems.append(f"smoke test failed ({result.returncode}): {result.stderr}")
    if result.stderr.strip():
        problems.append(f"unexpected output on stderr: {result.stderr.strip()}")
    if "mutual-2011" not in templates.stdout:
        problems.append("the bundled checklist is missing from the build")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
