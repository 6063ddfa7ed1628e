#!/usr/bin/env python3
"""Set everything up and run the app or the tests: the README's two commands.

    python3 tasks.py app     # create .venv, install, launch the app on the demo project
    python3 tasks.py test    # create .venv, install with test tools, run the whole suite headless

Only the standard library is used here, so it runs on a fresh machine with Python 3.11 and pip.
The virtual environment lives in `.venv/` beside this file and is reused; it is refreshed when
`pyproject.toml` changes.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> Path:
    """Create the virtual environment and install the app with its test tools, once."""
    if sys.version_info < (3, 11):
        sys.exit(f"Mutual Checklist needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print("Creating the environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Installing Mutual Checklist and its dependencies (first run takes a few minutes) ...",
              flush=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"],
                       check=True)
        STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test"):
        print(__doc__)
        return 2
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "app":
        args = [python, "-m", "mutual_checklist", *(rest or ["--demo"])]
    else:
        args = [python, "-m", "pytest", *rest]
    return subprocess.run(args, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
