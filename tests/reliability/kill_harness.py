"""SIGKILL harness: kill the app's own code at random moments, then start again and check.

Each phase forks a worker that repeats one real operation (closing a project, adding review
comments, migrating an old file, importing, taking backups, exporting) and reports every
operation that returned ("acknowledged"). The worker is killed with SIGKILL after a random
delay; then, as the next start would, the harness opens the files through the app's own open
path and counts:

- lost: acknowledged edits (or imports, backups, exports) missing afterwards;
- unopenable: files the app can no longer open read-write;
- temp_left: temporary files still there after the next start's clean-up;
- recovered: opens that found crash leftovers and repaired them.

    python -m tests.reliability.kill_harness --phase close --kills 50 --seed 1
    python -m tests.reliability.kill_harness --phase all --kills 500   # the long run

POSIX only (fork and SIGKILL). Prints one JSON line per phase.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import logging
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

PHASES = ("close", "comment", "migration", "import", "backup", "export")
TEMP_MARKERS = (".partial", ".tmp")


def _is_temp(name: str) -> bool:
    return name.startswith(".") and any(m in name for m in TEMP_MARKERS)


def temp_files(*folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [p for p in folder.iterdir() if _is_temp(p.name)]
    return found


class Phase:
    """One kind of operation under kills. Subclasses fill in set_up, work and check."""

    name = ""
    delay = (0.005, 0.25)  # seconds between the worker's start and the kill

    def __init__(self, root: Path, rng: random.Random):
        self.root = root
        self.rng = rng
        self.data = root / "data"
        self.work_dir = root / "work"
        self.work_dir.mkdir(parents=True)
        os.environ["MUTUAL_CHECKLIST_DATA_DIR"] = str(self.data)
        self.acked: list[str] = []
        self.figures = {"phase": self.name, "kills": 0, "acknowledged": 0, "lost": 0,
                        "unopenable": 0, "temp_left": 0, "recovered": 0, "worker_errors": 0,
                        "killed_idle": 0}

    # --- to fill in ---------------------------------------------------------------------------
    def set_up(self) -> None: ...

    def before_kill(self, index: int) -> None: ...

    def work(self, index: int, ack: Callable[[str], None]) -> None:
        raise NotImplementedError

    def check(self, index: int, acked: list[str]) -> None:
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------------
    def folders(self) -> list[Path]:
        return [self.work_dir, self.data, self.data / "backups", self.data / "projects"]

    def next_start(self) -> None:
        """What the app does on start: remove leftovers of dead processes."""
        from mutual_checklist.storage import atomic

        atomic.clean_data_folder()
        atomic.remove_stale_temp_files([self.work_dir])

    def opens(self, path: Path) -> bool:
        """Does the app open `path` for writing? Counts a repair as `recovered`."""
        from mutual_checklist.storage.errors import StorageError
        from mutual_checklist.storage.repository import ProjectRepository

        try:
            with ProjectRepository.open(path) as repo:
                if repo._opened.recovered_from is not None:
                    self.figures["recovered"] += 1
                ok = not repo.read_only and repo.integrity_ok()
        except StorageError:
            ok = False
        if not ok:
            self.figures["unopenable"] += 1
        return ok

    def run_one(self, index: int) -> None:
        self.before_kill(index)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(read_end)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            try:
                self.work(index, lambda token: os.write(write_end, f"{token}\n".encode()))
            except BaseException:  # noqa: BLE001 - reported to the parent by the exit code
                os._exit(3)
            os._exit(0)
        os.close(write_end)
        time.sleep(self.rng.uniform(*self.delay))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status):
            if os.WEXITSTATUS(status) == 3:
                self.figures["worker_errors"] += 1
            else:
                self.figures["killed_idle"] += 1
        chunks = []
        while chunk := os.read(read_end, 65536):
            chunks.append(chunk)
        os.close(read_end)
        acked = b"".join(chunks).decode().split()
        self.figures["kills"] += 1
        self.figures["acknowledged"] += len(acked)
        self.next_start()
        self.check(index, acked)
        self.figures["temp_left"] += len(temp_files(*self.folders()))


# --- the phases ---------------------------------------------------------------------------------

def _project(path: Path, name: str = "Kill harness", contacts: int = 0) -> None:
    from mutual_checklist.cli import _template_for
    from mutual_checklist.domain.models import Contact, Project, StepState, StepStatus
    from mutual_checklist.storage.repository import ProjectRepository

    template, text = _template_for("mutual-2011")
    project = Project(uuid=uuid.uuid4().hex, name=name, template_id=template.id,
                      template_version=template.version)
    with ProjectRepository.create(path, project, text) as repo:
        for step in template.steps[:20]:
            repo.save_step_state(StepState(step.id, StepStatus.IN_PROGRESS, notes="n" * 300))
        for n in range(contacts):
            repo.save_contact(Contact(uuid.uuid4().hex, f"Person {n}", email=f"p{n}@x.org",
                                      notes="c" * 200))


class Close(Phase):
    """Open read-write, one edit, close (checkpoint and the switch back to one file)."""

    name = "close"
    delay = (0.01, 0.4)

    def set_up(self) -> None:
        self.path = self.work_dir / "project.mutual"
        _project(self.path)
        self.expected: set[str] = set()

    def work(self, index: int, ack: Callable[[str], None]) -> None:
        from mutual_checklist.domain.models import StepState, StepStatus
        from mutual_checklist.storage.repository import ProjectRepository

        for n in range(100_000):
            repo = ProjectRepository.open(self.path)
            step = f"K-{index}-{n}"
            repo.save_step_state(StepState(step, StepStatus.DONE, notes="x" * 2000))
            ack(step)
            repo.close()

    def check(self, index: int, acked: list[str]) -> None:
        from mutual_checklist.storage.repository import ProjectRepository

        self.expected |= set(acked)
        if not self.opens(self.path):
            return
        with ProjectRepository.open(self.path, read_only=True) as repo:
            stored = set(repo.step_states())
        self.figures["lost"] += len(self.expected - stored)
        self.expected &= stored


class Comment(Phase):
    """An adviser adds comments to a review copy (written in rollback-journal mode)."""

    name = "comment"
    delay = (0.01, 0.4)

    def set_up(self) -> None:
        from mutual_checklist.export.review_copy import write_review_copy
        from mutual_checklist.storage.repository import ProjectRepository

        source = self.work_dir / "leader.mutual"
        _project(source)
        self.path = self.work_dir / "review.mutual"
        with ProjectRepository.open(source, read_only=True) as repo:
            write_review_copy(repo, self.path, redacted=False)
        self.expected: set[str] = set()

    def work(self, index: int, ack: Callable[[str], None]) -> None:
        from mutual_checklist.domain.models import Comment as CommentRow
        from mutual_checklist.domain.models import CommentTarget
        from mutual_checklist.storage.repository import ProjectRepository

        for n in range(100_000):
            repo = ProjectRepository.open_for_review(self.path)
            comment_id = f"c{index}x{n}"
            repo.add_review_comments([CommentRow(comment_id, CommentTarget.OVERALL, "", "Adviser",
                                                 "b" * 1500, "2026-12-01T10:00:00Z")])
            ack(comment_id)
            repo.close()

    def opens(self, path: Path) -> bool:
        from mutual_checklist.storage.errors import StorageError
        from mutual_checklist.storage.repository import ProjectRepository

        try:
            with ProjectRepository.open_for_review(path) as repo:
                if repo._opened.recovered_from is not None:
                    self.figures["recovered"] += 1
                ok = repo.integrity_ok()
        except StorageError:
            ok = False
        if not ok:
            self.figures["unopenable"] += 1
        return ok

    def check(self, index: int, acked: list[str]) -> None:
        from mutual_checklist.storage.repository import ProjectRepository

        self.expected |= set(acked)
        if not self.opens(self.path):
            return
        with ProjectRepository.open(self.path, read_only=True) as repo:
            stored = {c.id for c in repo.comments()}
        self.figures["lost"] += len(self.expected - stored)


class Migration(Phase):
    """A first-release (m001-only) file opened read-write: backup, migrate, close."""

    name = "migration"

    def set_up(self) -> None:
        from mutual_checklist.storage.migrations import MIGRATIONS

        self.template = self.work_dir / ".." / "release1.mutual"
        everything = list(MIGRATIONS._migrations)
        MIGRATIONS._migrations = everything[:1]
        try:
            _project_m001(self.template)
        finally:
            MIGRATIONS._migrations = everything
        self.template = self.template.resolve()
        start = time.perf_counter()
        probe = self.work_dir / "probe.mutual"
        shutil.copyfile(self.template, probe)
        from mutual_checklist.storage.repository import ProjectRepository

        from mutual_checklist import paths

        ProjectRepository.open(probe, backup_dir=paths.backups_dir()).close()
        took = time.perf_counter() - start
        self.delay = (0.0, took * 1.3)  # spread the kills across the whole migration
        probe.unlink()
        for old in (self.data / "backups").iterdir():
            old.unlink()

    def before_kill(self, index: int) -> None:
        self.path = self.work_dir / f"old-{index}.mutual"
        shutil.copyfile(self.template, self.path)

    def work(self, index: int, ack: Callable[[str], None]) -> None:
        from mutual_checklist import paths
        from mutual_checklist.storage.repository import ProjectRepository

        repo = ProjectRepository.open(self.path, backup_dir=paths.backups_dir())
        ack("migrated")
        repo.close()
        ack("closed")
        time.sleep(10)

    def check(self, index: int, acked: list[str]) -> None:
        from mutual_checklist.storage import backup
        from mutual_checklist.storage.repository import ProjectRepository

        if self.opens(self.path):
            with ProjectRepository.open(self.path, read_only=True) as repo:
                if len(repo.step_states()) != 20 or repo.project().name != "First release":
                    self.figures["lost"] += 1
        for copy in (self.data / "backups").glob("*.mutual"):
            try:
                backup.verify(copy)
            except Exception:  # noqa: BLE001 - counted
                self.figures["unopenable"] += 1
        self.path.unlink()


def _project_m001(path: Path) -> None:
    """A project as the first release wrote it (the caller limits the migrations to m001)."""
    from mutual_checklist.cli import _template_for
    from mutual_checklist.domain.models import Project
    from mutual_checklist.storage.repository import ProjectRepository

    template, text = _template_for("mutual-2011")
    project = Project(uuid=uuid.uuid4().hex, name="First release", template_id=template.id,
                      template_version=template.version)
    with ProjectRepository.create(path, project, text) as repo:
        conn = repo._db.conn
        conn.executemany("INSERT INTO step_states (step_id, status, notes, updated_at) "
                         "VALUES (?, 'in_progress', ?, '2026-01-01T00:00:00Z')",
                         [(step.id, "n" * 3000) for step in template.steps[:20]])
        conn.commit()


class Import(Phase):
    """`import SOURCE OUT` from interchange JSON (contacts and evidence make it take a while)."""

    name = "import"
    delay = (0.01, 0.6)

    def set_up(self) -> None:
        from mutual_checklist.export import interchange
        from mutual_checklist.storage.repository import ProjectRepository

        project = self.work_dir / "source.mutual"
        _project(project, "Imported", contacts=300)
        with ProjectRepository.open(project) as repo:
            for n in range(4):
                repo.add_evidence("S1-01", f"scan-{n}.pdf", os.urandom(300_000))
            text = interchange.export_text(repo)
        project.unlink()
        self.source = self.root / "source.json"
        self.source.write_text(text, encoding="utf-8")
        self.expected: set[str] = set()
        from mutual_checklist import cli

        probe = self.root / "probe.mutual"
        for _ in range(2):  # the second one is timed: modules loaded, as in the forked worker
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                cli.run(["import", str(self.source), str(probe)])
            took = time.perf_counter() - start
            probe.unlink()
        self.delay = (0.01, took * 2.0)  # most kills mid-import, some after one or two

    def work(self, index: int, ack: Callable[[str], None]) -> None:
        from mutual_checklist import cli

        for n in range(100_000):
            name = f"imp-{index}-{n}.mutual"
            if cli.run(["import", str(self.source), str(self.work_dir / name)]) != 0:
                raise RuntimeError("import failed")
            ack(name)

    def check(self, index: int, acked: list[str]) -> None:
        from mutual_checklist.storage.repository import ProjectRepository

        self.expected |= set(acked)
        for path in sorted(self.work_dir.glob(f"imp-{index}-*.mutual")):
            if not self.opens(path):
                continue
            with ProjectRepository.open(path, read_only=True) as repo:
                if len(repo.contacts()) != 300 or repo.project().name != "Imported":
                    self.figures["lost"] += 1
        present = {p.name for p in self.work_dir.glob("imp-*.mutual")}
        self.figures["lost"] += len(self.expected - present)
        for path in self.work_dir.glob(f"imp-{index}-*.mutual"):
            path.unlink()
            self.expected.discard(path.name)


class Backup(Phase):
    """Automatic backups in a loop (verified copies through SQLite's backup API, rotation)."""

    name = "backup"
    delay = (0.01, 0.5)

    def set_up(self) -> None:
        self.path = self.work_dir / "project.mutual"
        _project(self.path, contacts=200)
        self.clock = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        self.expected: set[str] = set()

    def work(self, index: int, ack: Callable[[str], None]) -> None:
        from mutual_checklist import paths
        from mutual_checklist.storage import backup
        from mutual_checklist.storage.repository import ProjectRepository

        repo = ProjectRepository.open(self.path)
        folder = paths.backups_dir()
        for n in range(100_000):
            now = self.clock + dt.timedelta(days=index * 1000 + n)
            taken = backup.automatic_backup(repo._db.conn, self.path, folder, now=now)
            ack(taken.name if taken else "-")

    def check(self, index: int, acked: list[str]) -> None:
        from mutual_checklist.storage import backup
        from mutual_checklist.storage.repository import ProjectRepository

        self.opens(self.path)
        folder = self.data / "backups"
        copies = sorted(folder.glob("*.mutual"))
        for copy in copies:
            try:
                backup.verify(copy)
            except Exception:  # noqa: BLE001 - counted
                self.figures["unopenable"] += 1
        with ProjectRepository.open(self.path, read_only=True) as repo:
            kept = {p.name for p in backup.backups_of(folder, repo.project().uuid)}
        if acked and acked[-1] != "-" and acked[-1] not in kept:
            self.figures["lost"] += 1  # the newest acknowledged backup must be kept


class Export(Phase):
    """`export --format json/csv/ics` and `report -o X.pdf`, overwriting earlier exports."""

    name = "export"
    delay = (0.01, 0.8)

    def set_up(self) -> None:
        self.path = self.work_dir / "project.mutual"
        _project(self.path, contacts=100)
        self.outputs = {"json": self.work_dir / "out.json", "csv": self.work_dir / "out.csv",
                        "ics": self.work_dir / "out.ics", "pdf": self.work_dir / "out.pdf"}
        self.done: set[str] = set()

    def work(self, index: int, ack: Callable[[str], None]) -> None:
        from mutual_checklist import cli

        kinds = ["json", "csv", "ics", "pdf"]
        for n in range(100_000):
            kind = kinds[(index + n) % 4]
            out = str(self.outputs[kind])
            args = (["report", str(self.path), "-o", out] if kind == "pdf" else
                    ["export", str(self.path), "--format", kind, "-o", out])
            if cli.run(args) != 0:
                raise RuntimeError(f"{kind} export failed")
            ack(kind)

    def check(self, index: int, acked: list[str]) -> None:
        self.done |= set(acked)
        self.opens(self.path)
        for kind in self.done:
            if not _complete(kind, self.outputs[kind]):
                self.figures["lost"] += 1


def _complete(kind: str, path: Path) -> bool:
    from mutual_checklist.export.csv_export import table_paths

    try:
        if kind == "json":
            return "project" in json.loads(path.read_text(encoding="utf-8"))
        if kind == "csv":
            return all(p.read_text(encoding="utf-8").count("\n") >= 1
                       for p in table_paths(path).values())
        if kind == "ics":
            return path.read_bytes().rstrip().endswith(b"END:VCALENDAR")
        return path.read_bytes().rstrip().endswith(b"%%EOF")
    except (OSError, ValueError):
        return False


CLASSES = {c.name: c for c in (Close, Comment, Migration, Import, Backup, Export)}


def run_phase(name: str, kills: int, seed: int) -> dict[str, object]:
    root = Path(tempfile.mkdtemp(prefix=f"kill-{name}-"))
    try:
        phase = CLASSES[name](root, random.Random(seed))
        phase.set_up()
        started = time.perf_counter()
        for index in range(kills):
            phase.run_one(index)
        phase.figures["seconds"] = round(time.perf_counter() - started, 1)
        return phase.figures
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=[*PHASES, "all"], required=True)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    logging.getLogger("mutual_checklist").addHandler(logging.NullHandler())
    logging.getLogger("mutual_checklist").propagate = False
    for name in (PHASES if args.phase == "all" else (args.phase,)):
        print(json.dumps(run_phase(name, args.kills, args.seed)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
