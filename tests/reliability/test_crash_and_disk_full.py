"""Trust: a killed process loses no committed edit; a full disk loses nothing and says so."""
from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from mutual_checklist.storage.repository import ProjectRepository
from tests.unit.storage.test_repository import make_project

WRITER = textwrap.dedent("""
    import sys
    from mutual_checklist.domain.models import StepState, StepStatus
    from mutual_checklist.storage.repository import ProjectRepository
    repo = ProjectRepository.open(sys.argv[1])
    n = 0
    while True:
        n += 1
        repo.save_step_state(StepState(f"K-{n}", StepStatus.DONE, notes="x" * 500))
        print(n, flush=True)  # printed only after the commit returned: a promise
""")


@pytest.mark.parametrize("round_", range(4))
def test_killed_writer_keeps_every_acknowledged_edit(tmp_path, round_):
    path = tmp_path / "kill.mutual"
    ProjectRepository.create(path, make_project()).close()
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                             text=True)
    first = child.stdout.readline()  # started (however slow the machine), then kill at random
    time.sleep(random.Random(round_).uniform(0.05, 0.8))
    child.kill()
    acknowledged = [int(line) for line in (first + child.communicate()[0]).split()]
    assert acknowledged, "the writer never got going"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    with ProjectRepository.open(path) as repo:
        stored = set(repo.step_states())
    missing = [n for n in acknowledged if f"K-{n}" not in stored]
    assert missing == []
    assert len(stored) <= len(acknowledged) + 1  # at most the one in flight


DISK_FULL = textwrap.dedent("""
    import resource, signal, sys
    from mutual_checklist.domain.models import StepState, StepStatus
    from mutual_checklist.domain.rules import RuleViolation
    from mutual_checklist.storage.errors import StorageError
    from mutual_checklist.storage.repository import ProjectRepository
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    repo = ProjectRepository.open(sys.argv[1])
    size = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    for n in range(10000):
        try:
            repo.save_step_state(StepState(f"F-{n}", StepStatus.DONE, notes="y" * 4000))
        except StorageError as error:
            print("STOPPED", n, error, flush=True)
            break
""")


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX only")
def test_full_disk_is_reported_and_the_file_stays_sound(tmp_path):
    path = tmp_path / "full.mutual"
    ProjectRepository.create(path, make_project()).close()
    limit = path.stat().st_size + 200_000
    result = subprocess.run([sys.executable, "-c", DISK_FULL, str(path), str(limit)],
                            capture_output=True, text=True, timeout=120)
    assert "STOPPED" in result.stdout, result.stderr
    assert "disk is full" in result.stdout
    assert "Traceback" not in result.stderr
    written = int(result.stdout.split()[1])
    with ProjectRepository.open(path) as repo:
        assert repo.integrity_ok()
        stored = repo.step_states()
    assert len(stored) in (written, written + 1) and written > 0
