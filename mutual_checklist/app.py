"""Entry point: subcommands go to the command line; anything else opens the desktop app.

This is the one module that wires the layers together. Qt is imported only on the GUI path, so the
subcommands start fast and work with no display; the command line (`cli`) is imported only for a
subcommand, so the window starts fast.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from mutual_checklist import APP_NAME, __version__, log as applog

_STARTED = time.perf_counter()


def process_start_ms_ago() -> float:
    """Milliseconds since the process started (falls back to since this module was imported)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            uptime_s = float(uptime.read().split()[0])
        return (uptime_s - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _STARTED) * 1000


# Named here so `--help` lists them without importing the command line (a test keeps it whole).
SUBCOMMANDS = ("new", "demo", "import", "export", "status", "templates", "report", "review-copy",
               "comment", "review-file", "import-review", "changes", "portfolio",
               "import-contacts", "plan", "contacts", "erase-contact", "subject-access",
               "appraisal")


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mutual-checklist",
        description="Open the Mutual Checklist app. Subcommands: " + ", ".join(SUBCOMMANDS)
                    + " (run 'mutual-checklist SUBCOMMAND --help').")
    parser.add_argument("file", nargs="?", type=Path, help="project file (.mutual) to open")
    parser.add_argument("--demo", action="store_true", help="open a fresh copy of the demo project")
    parser.add_argument("--smoke-test", action="store_true",
                        help="open, paint, print milliseconds from start to the first paint and "
                             "to the project shown, exit")
    parser.add_argument("--version", action="version", version=f"mutual-checklist {__version__}")
    return parser


def wants_command_line(argv: list[str]) -> bool:
    """A subcommand comes first as a plain lower-case word (and is not a file of that name).

    Decided without importing `cli`, so opening the window never loads the command line.
    """
    return bool(argv) and re.fullmatch(r"[a-z][a-z0-9-]*", argv[0]) is not None \
        and not Path(argv[0]).is_file()


def _attach_parent_console() -> None:
    """Windows: the windowed program has no console of its own, so a subcommand typed in a
    console prints to that console (mutual-checklist-cli.exe needs none of this)."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False) or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    applog.setup()
    if wants_command_line(argv):
        _attach_parent_console()
        from mutual_checklist import cli

        return cli.run(argv)
    args = gui_parser().parse_args(argv)
    if args.file and args.demo:
        gui_parser().error("give either a project file or --demo, not both")
    if args.file and not args.file.exists() and not args.file.suffix:
        gui_parser().error(f"'{args.file}' is neither a command nor a project file "
                           "(run 'mutual-checklist --help')")
    from mutual_checklist import display_check

    problem = display_check.prepare()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from mutual_checklist.ui.startup import run_gui

    return run_gui(file=args.file, demo=args.demo, smoke_test=args.smoke_test,
                   started_ms_ago=process_start_ms_ago)
