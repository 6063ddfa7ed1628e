"""Print the checklist (or save it as PDF): the steps the list shows now, by phase, with
status, owner and due date, a tick for done steps and a mark for overdue ones."""
from __future__ import annotations

import html

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from mutual_checklist.domain.dates import uk_date
from mutual_checklist.domain.models import StepStatus
from mutual_checklist.ui.models.steps_model import Columns, DueRole, StepIdRole, is_overdue

MARKS = {StepStatus.DONE: "☑", StepStatus.NOT_APPLICABLE: "–"}


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The system's print dialog (it offers "Print to PDF"); a seam: tests replace it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the checklist")
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def checklist_html(view) -> str:  # noqa: ANN001 - ChecklistView
    session = view.session
    project = session.project
    shown = set(view.visible_step_ids())
    parts = [f"<h2>{html.escape(project.name)}: checklist</h2>"]
    if view.proxy.active():
        parts.append("<p><i>Only the steps the list shows now (a filter is on).</i></p>")
    model = view.tree_model
    for row in range(model.rowCount()):
        phase = model.index(row, 0)
        rows = []
        for r in range(model.rowCount(phase)):
            index = model.index(r, 0, phase)
            step_id = index.data(StepIdRole)
            if step_id not in shown:
                continue
            state = session.step_state(step_id)
            due = model.index(r, Columns.DUE, phase).data(DueRole)
            late = " (overdue)" if is_overdue(due, state.status) else ""
            rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in (
                MARKS.get(state.status, "☐"), session.step_title(step_id), state.status.label,
                model.index(r, Columns.OWNER, phase).data() or "", uk_date(due) + late)) + "</tr>")
        if rows:
            parts.append(f"<h3>{html.escape(phase.data())}</h3><table border='1' "
                         "cellspacing='0' cellpadding='3' width='100%'><tr><th></th><th>Step</th>"
                         "<th>Status</th><th>Owner</th><th>Due</th></tr>" + "".join(rows) +
                         "</table>")
    return "".join(parts)


def print_checklist(view, parent: QWidget) -> bool:  # noqa: ANN001 - ChecklistView
    printer = ask_printer(parent)
    if printer is None:
        return False
    document = QTextDocument()
    document.setHtml(checklist_html(view))
    document.print_(printer)
    return True
