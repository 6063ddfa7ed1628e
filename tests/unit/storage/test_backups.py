"""Automatic backups: taken at most every twelve hours, verified, the newest ten kept, and always
found by the project id inside the file, never by its name."""
from __future__ import annotations

import datetime as dt

from mutual_checklist.storage import backup
from mutual_checklist.storage.repository import ProjectRepository
from tests.unit.storage.test_repository import make_project

PID = "1234abcd" * 4
NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)


def test_backups_are_taken_verified_spaced_and_rotated(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    path = tmp_path / "p.mutual"
    with ProjectRepository.create(path, make_project(name="Backed up", uuid=PID)) as repo:
        first = backup.automatic_backup(repo._db.conn, path, folder, now=NOON)
        assert first is not None and first.name.startswith("p-20261122T120000Z-automatic")
        assert backup.automatic_backup(repo._db.conn, path, folder,
                                       now=NOON + dt.timedelta(hours=2)) is None
        for day in range(1, 15):
            backup.automatic_backup(repo._db.conn, path, folder,
                                    now=NOON + dt.timedelta(days=day))
    kept = backup.backups_of(folder, PID)
    assert len(kept) == backup.KEEP_BACKUPS
    assert kept[0].name.startswith("p-20261206")  # newest first
    with ProjectRepository.open(kept[0], read_only=True) as copy:
        assert copy.project().name == "Backed up"


def test_a_damaged_backup_is_skipped(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    path = tmp_path / "p.mutual"
    with ProjectRepository.create(path, make_project(uuid=PID)) as repo:
        good = backup.automatic_backup(repo._db.conn, path, folder, now=NOON)
        bad = backup.automatic_backup(repo._db.conn, path, folder,
                                      now=NOON + dt.timedelta(days=1))
    bad.write_bytes(bad.read_bytes()[:1000])
    assert backup.newest_sound_backup(folder, PID) == good


def test_two_projects_with_one_file_name_keep_separate_series(tmp_path):
    """Finding 9: two `team.mutual` files in different folders, one backups folder."""
    folder = tmp_path / "backups"
    folder.mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a_path, b_path = tmp_path / "a" / "team.mutual", tmp_path / "b" / "team.mutual"
    a = ProjectRepository.create(a_path, make_project(name="Team A", uuid="a" * 32))
    b = ProjectRepository.create(b_path, make_project(name="Team B", uuid="b" * 32))
    with a, b:
        for hour in range(0, 30, 2):  # interleaved opens, B always just after A
            at = NOON + dt.timedelta(hours=hour)
            backup.automatic_backup(a._db.conn, a_path, folder, now=at)
            backup.automatic_backup(b._db.conn, b_path, folder, now=at + dt.timedelta(minutes=1))
    a_series = backup.backups_of(folder, "a" * 32)
    b_series = backup.backups_of(folder, "b" * 32)
    assert a_series and b_series and not set(a_series) & set(b_series)
    for found, name in ((a_series, "Team A"), (b_series, "Team B")):
        for copy_path in found:
            with ProjectRepository.open(copy_path, read_only=True) as copy:
                assert copy.project().name == name
    a_path.write_bytes(b"\0" * 4096)  # A is damaged: only A's own backup is offered
    offered = backup.newest_sound_backup(folder, "a" * 32)
    with ProjectRepository.open(offered, read_only=True) as copy:
        assert copy.project().name == "Team A"


def test_a_file_named_like_a_backup_is_not_taken_for_one(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "p-20261122T120000Z-automatic.mutual").write_bytes(b"x")
    assert backup.backups_of(folder, PID) == []
