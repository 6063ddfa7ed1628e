"""`mutual-checklist --help` names every subcommand the command line really has."""
import argparse
import subprocess
import sys

from mutual_checklist.app import SUBCOMMANDS
from mutual_checklist.cli import build_parser


def test_help_lists_exactly_the_real_subcommands():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(SUBCOMMANDS) == list(sub.choices)


def test_help_prints_them_without_opening_a_window():
    result = subprocess.run([sys.executable, "-m", "mutual_checklist", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    words = " ".join(result.stdout.split())
    assert "erase-contact, subject-access, appraisal" in words
