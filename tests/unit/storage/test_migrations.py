"""Migrations: old files are backed up and upgraded, newer files are refused for writing."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mutual_checklist.storage import migrations
from mutual_checklist.storage.db import APPLICATION_ID
from mutual_checklist.storage.errors import DamagedFile, NotAProjectFile
from mutual_checklist.storage.migrations import MIGRATIONS
from mutual_checklist.storage.repository import ProjectRepository
from tests.unit.storage.test_repository import make_project

TESTED_MIGRATIONS = {"m001_initial_schema", "m002_step_counterpart_contact",
                     "m003_row_versions", "m004_plan_start", "m005_project_profile",
                     "m006_options_appraisal", "m007_more_row_versions"}


def test_every_migration_has_a_test():
    assert {m.name for m in MIGRATIONS._migrations} == TESTED_MIGRATIONS


def test_m001_initial_schema_creates_every_table(tmp_path):
    with ProjectRepository.create(tmp_path / "a.mutual", make_project()) as repo:
        tables = set(repo._db.table_names())
    assert {"project", "step_states", "custom_steps", "barriers", "barrier_assessments",
            "barrier_steps", "contacts", "interactions", "comments", "report_snapshots",
            "evidence", "history", "go_live_changes", "template_source"} <= tables


def test_old_file_is_backed_up_then_upgraded(tmp_path, monkeypatch):
    path = tmp_path / "old.mutual"
    ProjectRepository.create(path, make_project(name="Old one")).close()

    def m002_add_colour(db):
        """A stand-in for the next real migration."""
        db["project"].add_column("colour", str)

    monkeypatch.setattr(MIGRATIONS, "_migrations", list(MIGRATIONS._migrations))
    MIGRATIONS()(m002_add_colour)
    backups = tmp_path / "backups"
    backups.mkdir()
    with ProjectRepository.open(path, backup_dir=backups) as repo:
        assert "colour" in repo._db["project"].columns_dict
        assert repo.project().name == "Old one"
        assert repo.backup_path is not None
    copies = list(backups.glob("*.mutual"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    columns = [row[1] for row in old.execute("PRAGMA table_info(project)")]
    assert "colour" not in columns and old.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    old.close()


def test_newer_file_opens_read_only_with_reason(tmp_path):
    path = tmp_path / "newer.mutual"
    ProjectRepository.create(path, make_project()).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('mutual_checklist', 'm900_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with ProjectRepository.open(path) as repo:
        assert repo.read_only
        assert "newer version" in repo.read_only_reason
        assert repo.project().name == "Test service"
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAProjectFile, match="not a Mutual Checklist project"):
        ProjectRepository.open(path)
    assert path.read_bytes() == before


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.mutual"
    path.write_text("just some notes\n" * 100)
    with pytest.raises(NotAProjectFile):
        ProjectRepository.open(path)
    assert path.read_text() == "just some notes\n" * 100


def test_truncated_file_is_reported_as_damaged(tmp_path):
    path = tmp_path / "cut.mutual"
    with ProjectRepository.create(path, make_project()) as repo:
        for n in range(300):
            repo.update_project(service="x" * 500 + str(n))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = path.read_bytes()
    with pytest.raises((DamagedFile, NotAProjectFile)) as caught:
        ProjectRepository.open(path)
    assert "damaged" in str(caught.value) or "not a Mutual Checklist" in str(caught.value)
    assert path.read_bytes() == before


def test_application_id_marks_the_file(tmp_path):
    path = tmp_path / "id.mutual"
    ProjectRepository.create(path, make_project()).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS._migrations)
    conn.close()
    assert Path(path).stat().st_size > 0


def test_m002_step_counterpart_contact_upgrades_a_first_release_file(tmp_path, monkeypatch):
    from mutual_checklist.domain.models import Contact, StepState, StepStatus
    from mutual_checklist.storage.repository import new_id

    path = tmp_path / "release1.mutual"
    all_migrations = list(MIGRATIONS._migrations)
    monkeypatch.setattr(MIGRATIONS, "_migrations", all_migrations[:1])
    with ProjectRepository.create(path, make_project()) as old:
        conn = old._db.conn
        conn.execute("INSERT INTO step_states (step_id, status, updated_at) "
                     "VALUES ('S1-01', 'done', '2026-01-01T00:00:00Z')")
        conn.commit()
    monkeypatch.setattr(MIGRATIONS, "_migrations", all_migrations)
    backups = tmp_path / "backups"
    backups.mkdir()
    with ProjectRepository.open(path, backup_dir=backups) as repo:
        assert repo.backup_path is not None
        assert repo.step_state("S1-01").status is StepStatus.DONE  # progress kept
        contact = repo.save_contact(Contact(new_id(), "Dana Finch"))
        repo.save_step_state(StepState("S4-09", StepStatus.IN_PROGRESS, contact_id=contact.id))
        assert repo.step_state("S4-09").contact_id == contact.id
        repo.erase_contact(contact.id)
        assert repo.step_state("S4-09").contact_id is None


def test_m003_row_versions_upgrades_an_m002_file_and_refuses_stale_writes(tmp_path, monkeypatch):
    from mutual_checklist.domain.models import StepState, StepStatus
    from mutual_checklist.storage.errors import StaleData

    path = tmp_path / "release2.mutual"
    all_migrations = list(MIGRATIONS._migrations)
    names = [m.name for m in all_migrations]
    monkeypatch.setattr(MIGRATIONS, "_migrations",
                        all_migrations[:names.index("m003_row_versions")])
    with ProjectRepository.create(path, make_project()) as old:
        old._db.conn.execute("INSERT INTO step_states (step_id, status, notes, updated_at) "
                             "VALUES ('S1-01', 'done', 'kept', '2026-01-01T00:00:00Z')")
        old._db.conn.commit()
    monkeypatch.setattr(MIGRATIONS, "_migrations", all_migrations)
    backups = tmp_path / "backups"
    backups.mkdir()
    with ProjectRepository.open(path, backup_dir=backups) as repo:
        assert repo.backup_path is not None and not repo.read_only
        assert repo.step_state("S1-01").notes == "kept"
        assert repo.step_versions() == {"S1-01": 0}
        saved, version = repo.save_step_state_checked(
            StepState("S1-01", StepStatus.DONE, notes="mine"), 0)
        assert version == 1 and repo.step_versions() == {"S1-01": 1}
        with pytest.raises(StaleData, match="changed elsewhere"):
            repo.save_step_state_checked(StepState("S1-01", StepStatus.DONE, notes="stale"), 0)
        assert repo.step_state("S1-01").notes == "mine"


def test_m003_row_versions_upgrades_a_file_that_already_has_m005(tmp_path, monkeypatch):
    """Files made by a version with m005 but not m003 get m003 later: still a sound schema."""
    path = tmp_path / "m005-first.mutual"
    all_migrations = list(MIGRATIONS._migrations)
    monkeypatch.setattr(MIGRATIONS, "_migrations",
                        [m for m in all_migrations if m.name != "m003_row_versions"])
    ProjectRepository.create(path, make_project(name="Profiled")).close()
    monkeypatch.setattr(MIGRATIONS, "_migrations", all_migrations)
    backups = tmp_path / "backups"
    backups.mkdir()
    with ProjectRepository.open(path, backup_dir=backups) as repo:
        assert not repo.read_only and not repo.schema_problems
    with ProjectRepository.open(path) as repo:
        assert not repo.read_only and repo.step_versions() == {}


def test_m005_project_profile_upgrades_an_older_file_to_an_empty_profile(tmp_path,
                                                                        monkeypatch):
    path = tmp_path / "before-profile.mutual"
    all_migrations = list(MIGRATIONS._migrations)
    earlier = [m for m in all_migrations if m.name < "m005"]
    monkeypatch.setattr(MIGRATIONS, "_migrations", earlier)
    ProjectRepository.create(path, make_project(name="Older")).close()
    monkeypatch.setattr(MIGRATIONS, "_migrations", all_migrations)
    backups = tmp_path / "backups"
    backups.mkdir()
    with ProjectRepository.open(path, backup_dir=backups) as repo:
        assert repo.backup_path is not None
        project = repo.project()
        assert project.name == "Older"
        assert (project.profile_nation, project.profile_parent, project.profile_regulated_care,
                project.profile_runs_vehicles) == ("", "", None, None)
        updated = repo.update_project(profile_nation="wales", profile_regulated_care=True)
        assert (updated.profile_nation, updated.profile_regulated_care) == ("wales", True)
    with ProjectRepository.open(path, read_only=True) as repo:
        assert repo.project().profile_nation == "wales"


def test_m004_plan_start_upgrades_an_older_file_to_start_when_it_was_created(tmp_path,
                                                                             monkeypatch):
    import datetime as dt

    path = tmp_path / "older.mutual"
    all_migrations = list(MIGRATIONS._migrations)
    before = [m for m in all_migrations if m.name < "m004"]
    monkeypatch.setattr(MIGRATIONS, "_migrations", before)
    project = make_project()
    ProjectRepository.create(path, project, clock=lambda: "2026-03-04T09:00:00Z").close()
    monkeypatch.setattr(MIGRATIONS, "_migrations", all_migrations)
    backups = tmp_path / "backups"
    backups.mkdir()
    with ProjectRepository.open(path, backup_dir=backups) as repo:
        assert repo.backup_path is not None
        assert repo.project().plan_start == dt.date(2026, 3, 4)
        assert repo.project().name == project.name
        repo.update_project(plan_start=dt.date(2026, 5, 1))
        assert repo.project().plan_start == dt.date(2026, 5, 1)


def test_m007_more_row_versions_upgrades_an_m006_file_and_keeps_its_data(tmp_path, monkeypatch):
    from mutual_checklist.storage.errors import StaleData

    path = tmp_path / "before-m007.mutual"
    all_migrations = list(MIGRATIONS._migrations)
    monkeypatch.setattr(MIGRATIONS, "_migrations",
                        [m for m in all_migrations if m.name != "m007_more_row_versions"])
    with ProjectRepository.create(path, make_project(name="Before m007")) as old:
        assert "row_version" not in old._db["barriers"].columns_dict
        when = "2026-03-01T09:00:00Z"
        old._db.conn.executescript(f"""
            INSERT INTO contacts (id, name, phone, created_at, updated_at)
                VALUES ('c1', 'Dana Finch', '0161 496 0000', '{when}', '{when}');
            INSERT INTO barriers (id, title, category, likelihood, impact, owner, created_at,
                                  updated_at)
                VALUES ('b1', 'Pension deficit', 'pensions', 4, 5, 'Sam', '{when}', '{when}');
            INSERT INTO interactions (id, contact_id, occurred_on, summary, created_at)
                VALUES ('i1', 'c1', '2026-03-02', 'Met at HQ', '{when}');""")
    monkeypatch.setattr(MIGRATIONS, "_migrations", all_migrations)
    backups = tmp_path / "backups"
    backups.mkdir()
    with ProjectRepository.open(path, backup_dir=backups) as repo:
        assert repo.backup_path is not None and not repo.read_only and not repo.schema_problems
        assert repo.contact("c1").phone == "0161 496 0000"
        assert repo.barrier("b1").owner == "Sam"
        assert repo.interactions("c1")[0].summary == "Met at HQ"
        assert repo.row_versions("barriers") == {"b1": 1}
        assert repo.row_versions("contacts") == {"c1": 1}
        assert repo.row_versions("interactions", contact_id="c1") == {"i1": 1}
        repo.save_barrier(replace_title(repo.barrier("b1"), "Pension deficit (LGPS)"),
                          expected_version=1)
        with pytest.raises(StaleData, match="changed elsewhere"):
            repo.save_barrier(replace_title(repo.barrier("b1"), "stale"), expected_version=1)
        assert repo.barrier("b1").title == "Pension deficit (LGPS)"


def replace_title(barrier, title):
    from dataclasses import replace

    return replace(barrier, title=title)
