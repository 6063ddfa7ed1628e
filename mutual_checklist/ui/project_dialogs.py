"""Dialogs about the project as a whole: new project, details, go-live date, how to open a file.

Each is one function returning a value (or None when cancelled), so tests replace it with
monkeypatch and never see a modal window.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from mutual_checklist.domain.models import ChecklistTemplate, Project
from mutual_checklist.domain.profile import NATIONS, PARENTS, ProjectProfile
from mutual_checklist.ui.widgets.buttons import ok_cancel


@dataclass(frozen=True)
class NewProjectRequest:
    name: str
    organisation: str
    service: str
    go_live: dt.date
    template_id: str
    profile: ProjectProfile = ProjectProfile()
    start: dt.date | None = None  # the day the plan starts (None: today)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date_edit(day: dt.date, name: str) -> QDateEdit:
    edit = QDateEdit(_qdate(day), calendarPopup=True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setAccessibleName(name)
    return edit


class ProfileFields:
    """The four profile questions as combo boxes, added to a form."""

    _YES_NO = (("Not sure yet", None), ("Yes", True), ("No", False))

    def __init__(self, form: QFormLayout, profile: ProjectProfile):
        form.addRow(QLabel("<b>Project profile</b>: the checklist marks the steps that do not "
                           "apply to you and shows the guidance that does. You can change it "
                           "later in Project details.", wordWrap=True))
        self.nation = self._combo("Nation", [("Not said", "")] + [
            (label, key) for key, label in NATIONS.items()], profile.nation)
        self.parent = self._combo("Parent body", [("Not said", "")] + [
            (label[0].upper() + label[1:], key) for key, label in PARENTS.items()],
            profile.parent)
        self.regulated_care = self._combo("Regulated care", self._YES_NO, profile.regulated_care)
        self.runs_vehicles = self._combo("Carries people in its own vehicles", self._YES_NO,
                                         profile.runs_vehicles)
        form.addRow("Na&tion:", self.nation)
        form.addRow("&Parent body:", self.parent)
        form.addRow("Regulated ca&re (CQC or similar):", self.regulated_care)
        form.addRow("Carries people in its own &vehicles:", self.runs_vehicles)

    @staticmethod
    def _combo(name: str, items, current) -> QComboBox:  # noqa: ANN001
        combo = QComboBox()
        combo.setAccessibleName(name)
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(next(i for i, (_, value) in enumerate(items) if value == current))
        return combo

    def profile(self) -> ProjectProfile:
        return ProjectProfile(self.nation.currentData(), self.parent.currentData(),
                              self.regulated_care.currentData(),
                              self.runs_vehicles.currentData())


def ask_new_project(parent: QWidget | None,
                    templates: list[ChecklistTemplate]) -> NewProjectRequest | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle("New project")
    name = QLineEdit(placeholderText="e.g. Day opportunities spin-out")
    name.setAccessibleName("Project name")
    organisation = QLineEdit(placeholderText="e.g. Anytown Borough Council")
    organisation.setAccessibleName("Organisation")
    service = QLineEdit(placeholderText="e.g. Adult day services, 60 staff")
    service.setAccessibleName("Service")
    go_live = _date_edit(dt.date.today() + dt.timedelta(weeks=52), "Target go-live date")
    start = _date_edit(dt.date.today(), "The day the plan starts")
    start.setToolTip("Usually today. Choose an earlier day if the work began before you started "
                     "using this app: the plan is fitted between this day and go-live.")
    template = QComboBox()
    template.setAccessibleName("Checklist")
    for t in templates:
        template.addItem(f"{t.title} (version {t.version})", t.id)
    form = QFormLayout(dialog)
    form.addRow(QLabel("Due dates are planned between the day the plan starts and go-live. You "
                       "can move go-live later; the first date you agree is kept as the "
                       "baseline.", wordWrap=True))
    form.addRow("Project &name:", name)
    form.addRow("&Organisation:", organisation)
    form.addRow("&Service:", service)
    form.addRow("Target &go-live:", go_live)
    form.addRow("Plan st&arts:", start)
    form.addRow("&Checklist:", template)
    profile = ProfileFields(form, ProjectProfile(nation="england"))
    form.addRow(ok_cancel(dialog))
    while dialog.exec() == QDialog.DialogCode.Accepted:
        if not name.text().strip():
            QMessageBox.information(dialog, "New project", "Please give the project a name.")
        elif start.date() >= go_live.date():
            QMessageBox.information(dialog, "New project",
                                    "The plan must start before the go-live date.")
        else:
            return NewProjectRequest(name.text().strip(), organisation.text().strip(),
                                     service.text().strip(), go_live.date().toPython(),
                                     template.currentData(), profile.profile(),
                                     start.date().toPython())
    return None


def ask_go_live(parent: QWidget, project: Project) -> tuple[dt.date, str] | None:
    """New go-live date and the reason for moving it (required once a date is agreed)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Change the go-live date")
    current = project.go_live_date or dt.date.today() + dt.timedelta(weeks=52)
    date_edit = _date_edit(current, "New go-live date")
    reason = QPlainTextEdit()
    reason.setAccessibleName("Reason for the change")
    form = QFormLayout(dialog)
    if project.go_live_baseline:
        form.addRow(QLabel(f"Baseline (first agreed date): "
                           f"{project.go_live_baseline.strftime('%d/%m/%Y')}. It stays in your "
                           "reports beside the new date.", wordWrap=True))
    form.addRow("New &date:", date_edit)
    form.addRow("&Why it moved:", reason)
    form.addRow(ok_cancel(dialog))
    while dialog.exec() == QDialog.DialogCode.Accepted:
        text = reason.toPlainText().strip()
        if text or project.go_live_date is None:
            return date_edit.date().toPython(), text
        QMessageBox.information(dialog, "Go-live date", "Please say why the date is moving; "
                                "the reason goes into the history and the report.")
    return None


def ask_project_details(parent: QWidget, project: Project) -> dict[str, object] | None:
    """Name, organisation, service, author and the profile (as Project field values)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Project details")
    fields = {}
    form = QFormLayout(dialog)
    for key, label in (("name", "Project &name:"), ("organisation", "&Organisation:"),
                       ("service", "&Service:"), ("author", "Report &author:")):
        edit = QLineEdit(getattr(project, key))
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        form.addRow(label, edit)
        fields[key] = edit
    profile = ProfileFields(form, ProjectProfile.of(project))
    form.addRow(ok_cancel(dialog))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    values: dict[str, object] = {key: edit.text().strip() for key, edit in fields.items()}
    values.update(profile.profile().project_fields())
    return values if values["name"] else None


OPEN_HERE, OPEN_COPY, OPEN_READ_ONLY = "here", "copy", "read-only"


class _Question(NamedTuple):
    """A question with a button per (label, answer), the first the default; {name}: the file."""

    title: str
    text: str
    info: str
    buttons: tuple[tuple[str, str], ...]


_OUTSIDE_QUESTION = _Question(
    "Open project", "“{name}” is not in your projects folder.",
    "Work on it where it is, copy it into your projects folder and work on the copy, or open it "
    "read-only just to look at it?",
    (("Work on it here", OPEN_HERE), ("Copy and open", OPEN_COPY),
     ("Open read-only", OPEN_READ_ONLY)))
_REVIEW_COPY_QUESTION = _Question(
    "Open review copy", "“{name}” is a review copy of someone else's project.",
    "Open it to read it and add your comments (recommended): nothing in it can be changed, "
    "and “Export review file…” under Reports sends your comments back. Or copy it into "
    "your projects folder.",
    (("Open to read and comment", OPEN_READ_ONLY), ("Copy and open", OPEN_COPY)))


def _choose(parent: QWidget | None, file_name: str, question: _Question) -> str | None:
    """Ask `question` about `file_name`; the chosen button's answer, or None on Cancel."""
    title, text, info, buttons = question
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text.format(name=file_name))
    box.setInformativeText(info)
    roles = [QMessageBox.ButtonRole.AcceptRole] + [QMessageBox.ButtonRole.ActionRole] * 2
    answers = {box.addButton(label, role): answer
               for (label, answer), role in zip(buttons, roles)}
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(next(iter(answers)))
    box.exec()
    return answers.get(box.clickedButton())


def ask_open_mode(parent: QWidget | None, file_name: str, kind: str | None = None) -> str | None:
    """A file from outside the projects folder: work on it there (a team's shared drive), take a
    copy of one's own, or just look at it? `kind` names a synced or network folder, if it is one.
    """
    where = (f"It is in {kind}: several people can work on it there in turn (while one of you "
             "has it open, the others can only read it), but a folder that syncs while you "
             "work can leave clashing copies. " if kind else "")
    question = _OUTSIDE_QUESTION._replace(info=where + _OUTSIDE_QUESTION.info)
    return _choose(parent, file_name, question)


def ask_open_review_copy(parent: QWidget | None, file_name: str) -> str | None:
    """A review copy: read and comment on it where it is (the default), or copy it in."""
    return _choose(parent, file_name, _REVIEW_COPY_QUESTION)


def ask_adopt_template(parent: QWidget, diff) -> bool:  # noqa: ANN001 - TemplateDiff
    """Show what a newer checklist version changes; True when the user chooses to adopt it."""
    lines = [f"Version {diff.new_version} of the checklist is available (you have "
             f"{diff.old_version}): {diff.summary()}.", ""]
    if diff.added:
        lines.append("New steps:")
        lines += [f"  • {s.id} {s.title}" for s in diff.added]
    if diff.changed:
        lines.append("Changed steps:")
        lines += [f"  • {c.step_id} {c.title} ({', '.join(c.what)})" for c in diff.changed]
    if diff.retired:
        lines.append("Retired steps (any you worked on are kept as your own steps):")
        lines += [f"  • {s.id} {s.title}" for s in diff.retired]
    lines += ["", "Your progress, notes, dates and evidence are kept. A backup is made first. "
                  "This cannot be undone from the Edit menu."]
    box = QMessageBox(parent)
    box.setWindowTitle("Update the checklist")
    box.setText("\n".join(lines[:2]))
    box.setDetailedText("\n".join(lines))
    box.setInformativeText(lines[-1])
    adopt = box.addButton("Update the checklist", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is adopt


def confirm_restore(parent: QWidget | None, problem: str, backup_name: str) -> bool:
    answer = QMessageBox.question(
        parent, "Project file damaged",
        f"{problem}\nRestore its newest sound backup (“{backup_name}”)? The damaged file is "
        "kept, renamed “… (damaged)”.")
    return answer == QMessageBox.StandardButton.Yes


def ask_take_over(parent: QWidget | None, file_name: str, holder: str) -> bool:
    """The lock beside the file names someone else: open read-only, or edit (they have left)?"""
    box = QMessageBox(parent)
    box.setWindowTitle("Project in use")
    box.setText(f"{holder} is editing “{file_name}”.")
    box.setInformativeText("Open it read-only, or edit it here? Edit only if you are sure they "
                           "have closed it: two people editing at once can clash.")
    look = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    edit = box.addButton("Edit anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(look)
    box.exec()
    return box.clickedButton() is edit


def ask_clean_copy(parent: QWidget | None, file_name: str) -> bool:
    """A file with parts the app did not make: look at it read-only, or rebuild a clean copy?"""
    box = QMessageBox(parent)
    box.setWindowTitle("Unexpected content")
    box.setText(f"“{file_name}” holds parts that Mutual Checklist did not put there, or lacks "
                "some. It can only be opened read-only.")
    box.setInformativeText("Import a clean copy to keep working: it is rebuilt from the "
                           "project's data alone, in your projects folder.")
    clean = box.addButton("Import a clean copy", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Open read-only", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(clean)
    box.exec()
    return box.clickedButton() is clean


def ask_backup(parent: QWidget | None, backups: list) -> object:  # list[Path] -> Path | None
    """Choose one of this project's backups (newest first) to open as a copy."""
    from PySide6.QtWidgets import QInputDialog

    if not backups:
        QMessageBox.information(parent, "Restore from a backup",
                                "There are no backups of this project yet. One is taken "
                                "automatically at most every twelve hours while you work.")
        return None
    labels = [b.name for b in backups]
    choice, ok = QInputDialog.getItem(
        parent, "Restore from a backup", "Open a copy of which backup? Your current project "
        "is not changed.", labels, 0, False)
    return backups[labels.index(choice)] if ok and choice in labels else None
