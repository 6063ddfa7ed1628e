"""Automatic backups: taken at most every twelve hours, verified, the newest ten kept."""
from __future__ import annotations

import datetime as dt

from mutual_checklist.storage import backup
from mutual_checklist.storage.repository import ProjectRepository
from tests.unit.storage.test_repository import make_project

NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)


def test_backups_are_taken_verified_spaced_and_rotated(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    path = tmp_path / "p.mutual"
    with ProjectRepository.create(path, make_project(name="Backed up")) as repo:
        first = backup.automatic_backup(repo._db.conn, path, folder, now=NOON)
        assert first is not None and first.name == "p-20261122T120000Z-automatic.mutual"
        assert backup.automatic_backup(repo._db.conn, path, folder,
                                       now=NOON + dt.timedelta(hours=2)) is None
        for day in range(1, 15):
            backup.automatic_backup(repo._db.conn, path, folder,
                                    now=NOON + dt.timedelta(days=day))
    kept = backup.backups_of(folder, "p")
    assert len(kept) == backup.KEEP_BACKUPS
    assert kept[0].name.startswith("p-20261206")  # newest first
    with ProjectRepository.open(kept[0], read_only=True) as copy:
        assert copy.project().name == "Backed up"


def test_a_damaged_backup_is_skipped(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    path = tmp_path / "p.mutual"
    with ProjectRepository.create(path, make_project()) as repo:
        good = backup.automatic_backup(repo._db.conn, path, folder, now=NOON)
        bad = backup.automatic_backup(repo._db.conn, path, folder,
                                      now=NOON + dt.timedelta(days=1))
    bad.write_bytes(bad.read_bytes()[:1000])
    assert backup.newest_sound_backup(folder, "p") == good


def test_other_projects_backups_are_not_mixed_in(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "p (2)-20261122T120000Z-automatic.mutual").write_bytes(b"x")
    (folder / "p-20261122T120000Z-automatic.mutual").write_bytes(b"x")
    assert [p.name for p in backup.backups_of(folder, "p")] == [
        "p-20261122T120000Z-automatic.mutual"]
