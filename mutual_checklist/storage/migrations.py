"""Numbered schema migrations for project files; append only, never edit an applied one."""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("mutual_checklist")

STEP_STATUSES = ("not_started", "in_progress", "blocked", "done", "not_applicable")


@MIGRATIONS()
def m001_initial_schema(db: Database) -> None:
    """Create every table of a project file (the first released schema)."""
    db.execute(
        """
        CREATE TABLE project (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            uuid TEXT NOT NULL,
            name TEXT NOT NULL,
            organisation TEXT NOT NULL DEFAULT '',
            service TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            go_live_date TEXT,
            go_live_baseline TEXT,
            template_id TEXT NOT NULL,
            template_version TEXT NOT NULL,
            rating TEXT CHECK (rating IS NULL OR rating IN
                ('green', 'amber_green', 'amber', 'amber_red', 'red')),
            rating_reason TEXT NOT NULL DEFAULT '',
            is_review_copy INTEGER NOT NULL DEFAULT 0,
            redacted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE template_source (
            template_id TEXT NOT NULL,
            version TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (template_id, version)
        )"""
    )
    db.execute(
        """
        CREATE TABLE contacts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            organisation TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            stakeholder_type TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            influence INTEGER NOT NULL DEFAULT 3 CHECK (influence BETWEEN 1 AND 5),
            interest INTEGER NOT NULL DEFAULT 3 CHECK (interest BETWEEN 1 AND 5),
            stance TEXT NOT NULL DEFAULT 'unknown',
            notes TEXT NOT NULL DEFAULT '',
            contact_every_days INTEGER,
            next_contact_date TEXT,
            lawful_basis TEXT NOT NULL DEFAULT '',
            data_source TEXT NOT NULL DEFAULT '',
            retention_review_date TEXT,
            anonymised INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE barriers (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            category TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
            owner TEXT NOT NULL DEFAULT '',
            owner_contact_id TEXT REFERENCES contacts(id) ON DELETE SET NULL,
            treatment TEXT NOT NULL DEFAULT 'treat'
                CHECK (treatment IN ('treat', 'tolerate', 'transfer', 'terminate')),
            mitigation TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'mitigating', 'resolved', 'accepted')),
            review_date TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE barrier_steps (
            barrier_id TEXT NOT NULL REFERENCES barriers(id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            PRIMARY KEY (barrier_id, step_id)
        )"""
    )
    db.execute(
        """
        CREATE TABLE barrier_assessments (
            id TEXT PRIMARY KEY,
            barrier_id TEXT NOT NULL REFERENCES barriers(id) ON DELETE CASCADE,
            assessed_at TEXT NOT NULL,
            likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
            note TEXT NOT NULL DEFAULT ''
        )"""
    )
    statuses = ", ".join(f"'{s}'" for s in STEP_STATUSES)
    db.execute(
        f"""
        CREATE TABLE step_states (
            step_id TEXT PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ({statuses})),
            na_reason TEXT NOT NULL DEFAULT '',
            blocked_by TEXT REFERENCES barriers(id) ON DELETE SET NULL,
            owner TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            due_date_manual INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            completed_on TEXT,
            signed_off_by TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            CHECK (status != 'not_applicable' OR length(trim(na_reason)) > 0)
        )"""
    )
    db.execute(
        """
        CREATE TABLE custom_steps (
            id TEXT PRIMARY KEY,
            phase_id TEXT NOT NULL,
            title TEXT NOT NULL,
            guidance TEXT NOT NULL DEFAULT '',
            barriers TEXT NOT NULL DEFAULT '[]',
            owner TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE interactions (
            id TEXT PRIMARY KEY,
            contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            occurred_on TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'meeting',
            summary TEXT NOT NULL DEFAULT '',
            follow_up_date TEXT,
            follow_up_action TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            target TEXT NOT NULL CHECK (target IN ('step', 'barrier', 'overall')),
            target_id TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE report_snapshots (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            period_start TEXT,
            period_end TEXT,
            payload TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE evidence (
            id TEXT PRIMARY KEY,
            step_id TEXT NOT NULL,
            name TEXT NOT NULL,
            content BLOB,
            size INTEGER NOT NULL DEFAULT 0,
            link TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE go_live_changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            old_date TEXT,
            new_date TEXT NOT NULL,
            reason TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            note TEXT NOT NULL DEFAULT ''
        )"""
    )
    # History is append-only: edits are refused by the database itself. Deletion stays possible
    # only so that erasing a contact can remove what the history says about that person.
    db.execute(
        "CREATE TRIGGER history_append_only BEFORE UPDATE ON history "
        "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
    )
    for table, column in [
        ("interactions", "contact_id"),
        ("barrier_assessments", "barrier_id"),
        ("evidence", "step_id"),
        ("history", "entity_id"),
        ("barrier_steps", "step_id"),
        ("comments", "target_id"),
    ]:
        db.execute(f"CREATE INDEX idx_{table}_{column} ON {table}({column})")


@MIGRATIONS()
def m002_step_counterpart_contact(db: Database) -> None:
    """Let a step name the contact it depends on (PRODUCT.md "Links"); erasing them clears it."""
    db.execute("ALTER TABLE step_states ADD COLUMN contact_id TEXT "
               "REFERENCES contacts(id) ON DELETE SET NULL")
    db.execute("CREATE INDEX idx_step_states_contact_id ON step_states(contact_id)")


@MIGRATIONS()
def m003_row_versions(db: Database) -> None:
    """A version number on the rows a window writes whole from what it read earlier (step states,
    custom steps), so a write made from an out-of-date read is refused instead of overwriting
    someone else's change (two people on one shared file)."""
    for table in ("step_states", "custom_steps"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def m004_plan_start(db: Database) -> None:
    """The day the project's plan starts (issue 10); existing projects start when created."""
    db.execute("ALTER TABLE project ADD COLUMN plan_start TEXT")
    db.execute("UPDATE project SET plan_start = substr(created_at, 1, 10)")


@MIGRATIONS()
def m005_project_profile(db: Database) -> None:
    """The project profile (nation, parent body, regulated care, vehicles); empty means not said."""
    for column, kind in (("profile_nation", "TEXT NOT NULL DEFAULT ''"),
                         ("profile_parent", "TEXT NOT NULL DEFAULT ''"),
                         ("profile_regulated_care", "INTEGER"),
                         ("profile_runs_vehicles", "INTEGER")):
        db.execute(f"ALTER TABLE project ADD COLUMN {column} {kind}")


@MIGRATIONS()
def m006_options_appraisal(db: Database) -> None:
    """The options appraisal and the funding-model answers (issue 14); one appraisal a project."""
    db.execute(
        """
        CREATE TABLE appraisal (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE appraisal_options (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'other',
            legal_form TEXT,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE appraisal_criteria (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE appraisal_scores (
            option_id TEXT NOT NULL REFERENCES appraisal_options(id) ON DELETE CASCADE,
            criterion_id TEXT NOT NULL REFERENCES appraisal_criteria(id) ON DELETE CASCADE,
            score INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),
            evidence TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (option_id, criterion_id)
        )"""
    )
    db.execute(
        """
        CREATE TABLE appraisal_funding (
            question_id TEXT PRIMARY KEY,
            answer TEXT NOT NULL
        )"""
    )


@MIGRATIONS()
def m007_more_row_versions(db: Database) -> None:
    """Row versions (see m003) on barriers, contacts and interactions too, so a window's edit or
    removal made from an out-of-date read is refused instead of overwriting another person's
    change. Rows start at 1: version 0 means the row is not there (removed or erased)."""
    for table in ("barriers", "contacts", "interactions"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1")
