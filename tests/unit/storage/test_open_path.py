"""Opening after a crash, hostile schemas, leftovers: what a user sees when they open the file."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mutual_checklist.domain.models import StepState, StepStatus
from mutual_checklist.storage import atomic, recovery
from mutual_checklist.storage.errors import DamagedFile, ReadOnlyProject
from mutual_checklist.storage.repository import ProjectRepository
from tests.unit.storage.test_repository import make_project

# A writer that is killed in the middle of a big transaction in rollback-journal mode, with a
# tiny page cache so that changed pages already reached the file: a genuinely hot journal.
HOT_JOURNAL = textwrap.dedent("""
    import os, signal, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 2")
    conn.execute("BEGIN IMMEDIATE")
    for n in range(3000):
        conn.execute("INSERT INTO history (at, entity, entity_id, field, new) "
                     "VALUES ('x', 'junk', 'j', 'f', ?)", ("z" * 400,))
    conn.execute("UPDATE step_states SET notes = 'half-done'")
    os.kill(os.getpid(), signal.SIGKILL)
""")

# A session killed while open in WAL mode, after its edits were committed.
LEFT_OPEN = textwrap.dedent("""
    import os, signal, sys
    from mutual_checklist.domain.models import StepState, StepStatus
    from mutual_checklist.storage.repository import ProjectRepository
    repo = ProjectRepository.open(sys.argv[1])
    repo._db.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(20):
        repo.save_step_state(StepState(f"W-{n}", StepStatus.DONE, notes=f"wal {n}"))
    os.kill(os.getpid(), signal.SIGKILL)
""")


def _project_with_edits(path: Path, count: int = 15) -> None:
    with ProjectRepository.create(path, make_project(name="Crash test")) as repo:
        for n in range(count):
            repo.save_step_state(StepState(f"S-{n}", StepStatus.DONE, notes=f"edit {n}"))


def _run(script: str, path: Path) -> None:
    subprocess.run([sys.executable, "-c", script, str(path)], check=False, timeout=60)


def _hot(path: Path) -> None:
    _run(HOT_JOURNAL, path)
    journal = Path(f"{path}-journal")
    assert journal.exists() and journal.stat().st_size > 0


def _notes(path: Path) -> dict[str, str]:
    with ProjectRepository.open(path, read_only=True) as repo:
        return {k: v.notes for k, v in repo.step_states().items()}


def test_hot_journal_is_copied_aside_rolled_back_and_every_edit_kept(tmp_path, _isolated_data_dir):
    path = tmp_path / "hot.mutual"
    _project_with_edits(path)
    _hot(path)
    with ProjectRepository.open(path) as repo:  # read-write, as the window opens it
        assert not repo.read_only
        notes = {k: v.notes for k, v in repo.step_states().items()}
        assert repo._opened.recovered_from is not None
        assert repo.history(entity="junk") == []  # the unfinished transaction is gone
    assert notes == {f"S-{n}": f"edit {n}" for n in range(15)}
    assert not Path(f"{path}-journal").exists()
    kept = list((_isolated_data_dir / "recovery").iterdir())
    assert len(kept) == 1 and (kept[0] / "hot.mutual-journal").exists()


def test_hot_journal_also_opens_read_only_for_status(tmp_path):
    path = tmp_path / "hot.mutual"
    _project_with_edits(path)
    _hot(path)
    assert _notes(path)["S-3"] == "edit 3"


@pytest.mark.parametrize("kind", ["garbage", "foreign"])
def test_a_stray_journal_beside_a_good_file_does_not_stop_it_opening(tmp_path, kind):
    path = tmp_path / "good.mutual"
    _project_with_edits(path)
    journal = Path(f"{path}-journal")
    if kind == "garbage":
        journal.write_bytes(os.urandom(8192))
    else:  # the hot journal of another project file, copied beside this one
        other = tmp_path / "other.mutual"
        _project_with_edits(other, 40)
        _hot(other)
        journal.write_bytes(Path(f"{other}-journal").read_bytes())
    assert _notes(path) == {f"S-{n}": f"edit {n}" for n in range(15)}
    with ProjectRepository.open(path) as repo:
        assert not repo.read_only and repo.integrity_ok()


def test_a_leftover_wal_is_rolled_forward(tmp_path):
    path = tmp_path / "wal.mutual"
    _project_with_edits(path, 3)
    _run(LEFT_OPEN, path)
    assert Path(f"{path}-wal").stat().st_size > 0
    notes = _notes(path)
    assert notes["W-19"] == "wal 19" and notes["S-2"] == "edit 2"
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_an_unrepairable_file_is_put_back_as_found_with_a_short_message(tmp_path):
    path = tmp_path / "bad.mutual"
    _project_with_edits(path)
    data = bytearray(path.read_bytes())
    data[4096:4096 * 3] = os.urandom(8192)  # damage beyond what a journal could undo
    path.write_bytes(bytes(data))
    Path(f"{path}-journal").write_bytes(os.urandom(4096))
    before = (path.read_bytes(), Path(f"{path}-journal").read_bytes())
    with pytest.raises(DamagedFile) as caught:
        ProjectRepository.open(path)
    message = str(caught.value)
    assert len(message.splitlines()) <= 3 and "backup" in message
    assert (path.read_bytes(), Path(f"{path}-journal").read_bytes()) == before


def test_move_aside_happens_once(tmp_path):
    path = tmp_path / "team.mutual"
    path.write_bytes(b"x")
    moved = recovery.move_aside(path)
    assert moved.name == "team (damaged).mutual" and not path.exists()
    assert recovery.move_aside(moved) == moved


# --- hostile schemas --------------------------------------------------------------------------

PLANTS = {
    "trigger wiping barriers": "CREATE TRIGGER t AFTER UPDATE ON step_states BEGIN "
                               "DELETE FROM barriers; END",
    "trigger renaming": "CREATE TRIGGER r AFTER INSERT ON history BEGIN "
                        "UPDATE project SET name = 'pwned'; END",
    "trigger copying erased contact": "CREATE TABLE stash (name TEXT); CREATE TRIGGER c BEFORE "
                                      "DELETE ON contacts BEGIN INSERT INTO stash "
                                      "VALUES (old.name); END",
    "view": "CREATE VIEW v AS SELECT * FROM contacts",
    "extra index": "CREATE INDEX extra ON barriers(title)",
    "missing table": "DROP TABLE comments",
    "missing index": "DROP INDEX idx_history_entity_id",
    "missing trigger": "DROP TRIGGER history_append_only",
    "table without its constraints": "ALTER TABLE comments RENAME TO c_old; CREATE TABLE "
                                     "comments (id TEXT, target TEXT, target_id TEXT, author "
                                     "TEXT, body TEXT, created_at TEXT); DROP TABLE c_old",
}


def _plant(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()


@pytest.mark.parametrize("plant", list(PLANTS))
def test_a_file_with_an_unexpected_schema_never_opens_for_writing(tmp_path, plant):
    path = tmp_path / "received.mutual"
    _project_with_edits(path, 3)
    _plant(path, PLANTS[plant])
    before = path.read_bytes()
    with ProjectRepository.open(path) as repo:
        assert repo.read_only and repo.schema_problems
        assert "import a clean copy" in repo.read_only_reason
        assert repo.project().name == "Crash test"  # it can still be looked at
        with pytest.raises(ReadOnlyProject):
            repo.save_step_state(StepState("S-0", StepStatus.IN_PROGRESS))
    assert path.read_bytes() == before
    if plant == "missing table":
        conn = sqlite3.connect(path)
        assert "comments" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        conn.close()


def test_a_clean_copy_is_rebuilt_without_the_planted_parts(tmp_path):
    from mutual_checklist.cli import template_lookup
    from mutual_checklist.export.clean_copy import write_clean_copy

    path = tmp_path / "received.mutual"
    _project_with_edits(path, 3)
    _plant(path, PLANTS["trigger wiping barriers"] + ";" + PLANTS["view"])
    clean = tmp_path / "clean.mutual"
    write_clean_copy(path, clean, template_lookup).close()
    conn = sqlite3.connect(clean)
    kinds = {r[0] for r in conn.execute("SELECT type FROM sqlite_master")}
    conn.close()
    assert "view" not in kinds
    with ProjectRepository.open(clean) as repo:
        assert not repo.read_only and not repo.schema_problems
        assert repo.step_state("S-2").notes == "edit 2"


def test_a_newer_user_version_opens_read_only(tmp_path):
    path = tmp_path / "v99.mutual"
    _project_with_edits(path, 1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with ProjectRepository.open(path) as repo:
        assert repo.read_only and "newer version" in repo.read_only_reason


def test_undecodable_text_gives_a_plain_message_without_content(tmp_path, capsys):
    from mutual_checklist import cli

    path = tmp_path / "odd.mutual"
    _project_with_edits(path, 1)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE project SET name = CAST(X'4a616e65204b6e6f77c3' AS TEXT)")  # bad UTF-8
    conn.commit()
    conn.close()
    import io
    import logging

    logged = io.StringIO()
    handler = logging.StreamHandler(logged)
    logging.getLogger("mutual_checklist").addHandler(handler)
    try:
        assert cli.run(["status", str(path)]) == 1
    finally:
        logging.getLogger("mutual_checklist").removeHandler(handler)
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Jane" not in err and "Know" not in err
    assert logged.getvalue() and "Jane" not in logged.getvalue()


# --- temporary files ----------------------------------------------------------------------------

def test_atomic_writes_leave_only_the_target_owner_only(tmp_path):
    target = tmp_path / "out.csv"
    atomic.write_text_atomically(target, "a,b\n")
    atomic.write_bytes_atomically(target, b"c,d\n")
    assert target.read_bytes() == b"c,d\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(ValueError), atomic.open_atomically(target, "w") as handle:
        handle.write("half")
        raise ValueError("stop")
    assert target.read_bytes() == b"c,d\n" and len(list(tmp_path.iterdir())) == 1


def test_stale_temp_files_of_dead_processes_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    tag = atomic.host_tag()
    stale = [f".p.mutual.{dead.pid}.{tag}.partial", f".p.mutual.{dead.pid}.{tag}.partial-journal",
             f".p-20261122T120000Z-automatic.mutual.{dead.pid}.tmp", f".out.csv.{dead.pid}.partial"]
    kept = [f".p.mutual.{os.getpid()}.{tag}.partial",  # this process: still writing
            f".p.mutual.{dead.pid}.0badc0de.partial",  # another computer's: cannot tell
            "notes.partial", ".p.mutual.lock", "p.mutual"]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"personal data")
    assert atomic.remove_stale_temp_files([tmp_path]) == len(stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)


def test_opening_a_project_removes_leftovers_beside_it(tmp_path):
    path = tmp_path / "p.mutual"
    _project_with_edits(path, 1)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f".export.json.{dead.pid}.{atomic.host_tag()}.partial"
    left.write_text("{}")
    ProjectRepository.open(path, read_only=True).close()
    assert not left.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_project_files_backups_and_data_folder_are_owner_only(tmp_path, _isolated_data_dir):
    from mutual_checklist import paths

    os.chmod(_isolated_data_dir, 0o755)
    path = tmp_path / "p.mutual"
    _project_with_edits(path, 1)
    assert path.stat().st_mode & 0o777 == 0o600
    with ProjectRepository.open(path) as repo:
        taken = repo.automatic_backup(paths.backups_dir())
    assert taken.stat().st_mode & 0o777 == 0o600
    assert paths.data_dir().stat().st_mode & 0o777 == 0o700
    assert paths.backups_dir().stat().st_mode & 0o777 == 0o700


def test_killed_process_is_not_alive():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    assert atomic.process_alive(child.pid)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not atomic.process_alive(child.pid)
