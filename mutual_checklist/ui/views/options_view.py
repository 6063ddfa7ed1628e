"""The Options view: the options appraisal, its sensitivity, the funding-model questions and the
legal forms side by side. Usable by keyboard alone: in the score table, type 1 to 5 to score the
current cell and Delete to clear it; the evidence note for that cell is edited just below.

Every change is one undoable action that writes the whole appraisal (see
`ProjectRepository.save_appraisal`); the view redraws from the file on `appraisal_changed`.
"""
from __future__ import annotations

import html
import textwrap
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist import APP_NAME, resources
from mutual_checklist.domain import appraisal as ap
from mutual_checklist.domain import funding
from mutual_checklist.domain.appraisal import (
    Appraisal,
    Criterion,
    LegalForm,
    Option,
    OptionKind,
    Score,
)
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.errors import StorageError
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.widgets.buttons import ok_cancel

KIND_LABELS = {
    OptionKind.KEEP_AS_IS: "Keep as is (the baseline)",
    OptionKind.IMPROVE_IN_HOUSE: "Improve in-house",
    OptionKind.SHARED_SERVICE: "Shared service",
    OptionKind.MUTUAL: "Employee-owned mutual",
    OptionKind.JOINT_VENTURE: "Joint venture",
    OptionKind.TRANSFER: "Transfer to an existing organisation",
    OptionKind.OUTSOURCE: "Outsource to the market",
    OptionKind.OTHER: "Something else",
}
REFERENCE_ROWS = (("asset_lock", "Asset lock"), ("members", "Who can be members"),
                  ("equity", "Raising equity"), ("charitable", "Charitable status"),
                  ("regulator", "Regulator"), ("time_to_register", "Typical time to register"))


# --- the score table ------------------------------------------------------------------------------


class ScoresModel(QAbstractTableModel):
    """Options down, criteria across, then the weighted total and the rank."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.appraisal: Appraisal | None = None
        self.result: ap.Result | None = None

    def set_appraisal(self, appraisal: Appraisal | None) -> None:
        self.beginResetModel()
        self.appraisal = appraisal
        self.result = ap.evaluate(appraisal) if appraisal else None
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802
        return 0 if parent.isValid() or not self.appraisal else len(self.appraisal.options)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802
        return 0 if parent.isValid() or not self.appraisal else len(self.appraisal.criteria) + 2

    def option_at(self, row: int) -> Option:
        assert self.appraisal is not None
        return self.appraisal.options[row]

    def criterion_at(self, column: int) -> Criterion | None:
        assert self.appraisal is not None
        criteria = self.appraisal.criteria
        return criteria[column] if 0 <= column < len(criteria) else None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or self.appraisal is None or self.result is None:
            return None
        option = self.option_at(index.row())
        criterion = self.criterion_at(index.column())
        ranked = next(r for r in self.result.ranking if r.option.id == option.id)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if criterion is not None:
            cell = self.appraisal.cell(option.id, criterion.id)
            if role == Qt.ItemDataRole.DisplayRole:
                mark = " •" if cell.evidence.strip() else ""
                return (str(cell.score) if cell.score is not None else "–") + mark
            if role == Qt.ItemDataRole.ToolTipRole:
                return cell.evidence or "No evidence note yet."
            if role == Qt.ItemDataRole.AccessibleTextRole:
                score = cell.score if cell.score is not None else "not scored"
                note = f"; evidence: {cell.evidence}" if cell.evidence else ""
                return f"{option.name}, {criterion.name}: {score}{note}"
            return None
        total_column = index.column() == len(self.appraisal.criteria)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if total_column:
                return f"{ranked.total:.2f}" if ranked.total is not None else \
                    f"{ranked.missing} to score"
            tied = sum(r.rank == ranked.rank for r in self.result.ranking) > 1
            return "–" if ranked.rank is None else f"{ranked.rank}{'=' if tied else ''}"
        if role == Qt.ItemDataRole.FontRole and ranked.rank == 1:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if self.appraisal is None or role not in (Qt.ItemDataRole.DisplayRole,
                                                  Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            option = self.appraisal.options[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return option.description or option.name
            lines = textwrap.wrap(option.name, 26, break_long_words=False) or [""]
            if len(lines) > 2:
                lines = [lines[0], lines[1][:24] + "…"]
            if option.legal_form:
                form = option.legal_form.label
                lines.append(f"({form[:24]}…)" if len(form) > 25 else f"({form})")
            return "\n".join(lines)
        criterion = self.criterion_at(section)
        if criterion is None:
            return "Total\n(out of 5)" if section == len(self.appraisal.criteria) else "Rank"
        share = ap.shares(self.appraisal)[criterion.id]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{criterion.name}: {criterion.description}".rstrip(": ")
        lines = textwrap.wrap(criterion.name, 11, break_long_words=False)
        if len(lines) > 3:
            lines = lines[:2] + [" ".join(lines[2:])[:12] + "…"]
        return "\n".join(lines + [ap.percent(share)])

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ScoreTable(QTableView):
    """Type 1-5 to score the current cell, Delete or Backspace to clear it."""

    score_typed = Signal(int, int, object)  # row, column, score (None to clear)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        index = self.currentIndex()
        text = event.text()
        if index.isValid() and text in ("1", "2", "3", "4", "5"):
            self.score_typed.emit(index.row(), index.column(), int(text))
            return
        if index.isValid() and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.score_typed.emit(index.row(), index.column(), None)
            return
        super().keyPressEvent(event)


class NoteEdit(QPlainTextEdit):
    """The evidence note; Tab leaves it, and leaving it saves it."""

    left = Signal()

    def __init__(self, parent: QWidget | None = None, **kwargs: object):
        super().__init__(parent, **kwargs)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().focusOutEvent(event)
        self.left.emit()


# --- the criteria table ---------------------------------------------------------------------------


class CriteriaModel(QAbstractTableModel):
    """Name, weight (0-100) and share of each criterion; name and weight are edited in place."""

    HEADERS = ("Criterion", "Weight (0–100)", "Share", "What a 5 means")
    edited = Signal(object)  # the new Criterion

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.appraisal: Appraisal | None = None
        self.editable = True

    def set_appraisal(self, appraisal: Appraisal | None) -> None:
        self.beginResetModel()
        self.appraisal = appraisal
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802
        return 0 if parent.isValid() or not self.appraisal else len(self.appraisal.criteria)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or self.appraisal is None:
            return None
        criterion = self.appraisal.criteria[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return criterion.name
            if column == 1:
                return criterion.weight
            if column == 2:
                return ap.percent(ap.shares(self.appraisal)[criterion.id])
            return criterion.description
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return criterion.description
        return None

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: ANN001, N802
        if role != Qt.ItemDataRole.EditRole or self.appraisal is None:
            return False
        criterion = self.appraisal.criteria[index.row()]
        if index.column() == 0:
            name = str(value).strip()
            if not name or name == criterion.name:
                return False
            new = replace(criterion, name=name)
        elif index.column() == 1:
            try:
                weight = int(value)
            except (TypeError, ValueError):
                return False
            if weight == criterion.weight:
                return False
            new = replace(criterion, weight=weight)
        elif index.column() == 3:
            if str(value) == criterion.description:
                return False
            new = replace(criterion, description=str(value))
        else:
            return False
        self.edited.emit(new)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() in (0, 1, 3):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


# --- the option dialog ----------------------------------------------------------------------------


def ask_option(parent: QWidget, initial: Option | None, position: int) -> Option | None:
    """Ask for an option's name, kind, legal form (the mutual only) and description."""
    from mutual_checklist.storage.repository import new_id

    dialog = QDialog(parent)
    dialog.setWindowTitle("Edit option" if initial else "Add an option")
    name = QLineEdit(initial.name if initial else "")
    name.setAccessibleName("Option name")
    kind = QComboBox()
    kind.setAccessibleName("Kind of option")
    baseline = initial is not None and initial.kind is OptionKind.KEEP_AS_IS
    for value, label in KIND_LABELS.items():
        if value is not OptionKind.KEEP_AS_IS or baseline:
            kind.addItem(label, value.value)
    kind.setCurrentIndex(max(0, kind.findData((initial.kind if initial else
                                               OptionKind.OTHER).value)))
    kind.setEnabled(not baseline)
    form_combo = QComboBox()
    form_combo.setAccessibleName("Legal form")
    for legal_form in LegalForm:
        form_combo.addItem(legal_form.label, legal_form.value)
    if initial and initial.legal_form:
        form_combo.setCurrentIndex(form_combo.findData(initial.legal_form.value))

    def kind_changed() -> None:
        form_combo.setEnabled(kind.currentData() == OptionKind.MUTUAL.value)

    kind.currentIndexChanged.connect(kind_changed)
    kind_changed()
    description = QPlainTextEdit(initial.description if initial else "")
    description.setTabChangesFocus(True)
    description.setAccessibleName("Description")
    layout = QFormLayout(dialog)
    layout.addRow("&Name:", name)
    layout.addRow("&Kind:", kind)
    layout.addRow("&Legal form (mutual only):", form_combo)
    layout.addRow("&Description:", description)
    layout.addRow(ok_cancel(dialog))
    if dialog.exec() != QDialog.DialogCode.Accepted or not name.text().strip():
        return None
    chosen = OptionKind(kind.currentData())
    return Option(id=initial.id if initial else new_id(), name=name.text().strip(), kind=chosen,
                  legal_form=LegalForm(form_combo.currentData())
                  if chosen is OptionKind.MUTUAL else None,
                  description=description.toPlainText(),
                  position=initial.position if initial else position)


# --- the view -------------------------------------------------------------------------------------


class OptionsView(QWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.appraisal: Appraisal | None = None
        self._note_cell: tuple[str, str] | None = None
        self._loading = False  # redrawing from the file: nothing typed is waiting to be saved
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_start())
        self.pages.addWidget(self._build_main())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        session.appraisal_changed.connect(self.refresh)
        self.refresh()

    # --- construction ----------------------------------------------------------------------------

    def _build_start(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "<h2>Options appraisal</h2><p>Before any spin-out step, compare the realistic ways "
            "the service could be run, always including keeping it as it is. Score each option "
            "1 to 5 against weighted criteria, note the evidence for every score, and see how "
            "firm the result is.</p><p>The appraisal starts with the options and criteria most "
            "leaders use; you can rename, add or remove them (except “Keep as is”).</p>")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.start_button = QPushButton("&Start the appraisal", objectName="start-appraisal")
        self.start_button.setAccessibleName("Start the options appraisal")
        self.start_button.clicked.connect(self._on_start)
        self.start_note = QLabel("This project is open read-only.")
        layout.addWidget(intro)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.start_note)
        layout.addStretch(1)
        return page

    def _build_main(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 4, 6, 4)
        self.verdict = QLabel(objectName="appraisal-verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setAccessibleName("Result")
        layout.addWidget(self.verdict)
        self.tabs = QTabWidget(objectName="appraisal-tabs")
        self.tabs.addTab(self._build_scores(), "Sc&ores")
        self.tabs.addTab(self._build_criteria(), "Crite&ria and weights")
        self.tabs.addTab(self._build_sensitivity(), "How fir&m")
        self.tabs.addTab(self._build_funding(), "F&unding model")
        self.tabs.addTab(self._build_legal_forms(), "&Legal forms")
        layout.addWidget(self.tabs, 1)
        return page

    def _build_scores(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.add_option_button = QPushButton("&Add option…", objectName="add-option")
        self.edit_option_button = QPushButton("E&dit option…", objectName="edit-option")
        self.remove_option_button = QPushButton("Remove op&tion", objectName="remove-option")
        self.add_option_button.clicked.connect(self._on_add_option)
        self.edit_option_button.clicked.connect(self._on_edit_option)
        self.remove_option_button.clicked.connect(self._on_remove_option)
        for button in (self.add_option_button, self.edit_option_button,
                       self.remove_option_button):
            buttons.addWidget(button)
        hint = QLabel("Type 1–5 to score the selected cell (5 is best), Delete to clear it. "
                      "• marks a score with an evidence note.")
        hint.setWordWrap(True)
        buttons.addWidget(hint, 1)
        layout.addLayout(buttons)
        self.scores_model = ScoresModel(self)
        self.table = ScoreTable(objectName="score-table")
        self.table.setModel(self.scores_model)
        self.table.setAccessibleName("Scores: options down, criteria across")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(44)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setMaximumWidth(200)
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves
        self.table.score_typed.connect(self._on_score_typed)
        self.table.selectionModel().currentChanged.connect(self._on_cell_changed)
        layout.addWidget(self.table, 3)
        self.note_label = QLabel("Evidence note:")
        self.note = NoteEdit(objectName="evidence-note")
        self.note.setAccessibleName("Evidence for the selected score")
        self.note.setPlaceholderText("Why this score? Where does the evidence come from?")
        self.note.setMaximumHeight(70)
        self.note.left.connect(self._save_note)
        self.note_label.setBuddy(self.note)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note, 1)
        return page

    def _build_criteria(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.add_criterion_button = QPushButton("Add &criterion", objectName="add-criterion")
        self.remove_criterion_button = QPushButton("Remove criterio&n",
                                                   objectName="remove-criterion")
        self.add_criterion_button.clicked.connect(self._on_add_criterion)
        self.remove_criterion_button.clicked.connect(self._on_remove_criterion)
        buttons.addWidget(self.add_criterion_button)
        buttons.addWidget(self.remove_criterion_button)
        self.weights_note = QLabel()
        self.weights_note.setWordWrap(True)
        buttons.addWidget(self.weights_note, 1)
        layout.addLayout(buttons)
        self.criteria_model = CriteriaModel(self)
        self.criteria_model.edited.connect(self._on_criterion_edited)
        self.criteria_table = QTableView(objectName="criteria-table")
        self.criteria_table.setModel(self.criteria_model)
        self.criteria_table.setAccessibleName("Criteria and weights")
        self.criteria_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.criteria_table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                            | QAbstractItemView.EditTrigger.EditKeyPressed
                                            | QAbstractItemView.EditTrigger.DoubleClicked)
        header = self.criteria_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.criteria_table, 1)
        return page

    def _build_sensitivity(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        explain = QLabel("How far would each criterion's weight have to move before another "
                         "option took the lead? The other weights keep their proportions.")
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.sensitivity_list = QListWidget(objectName="sensitivity-list")
        self.sensitivity_list.setWordWrap(True)
        self.sensitivity_list.setSpacing(3)
        self.sensitivity_list.setAccessibleName("How firm the result is, criterion by criterion")
        layout.addWidget(self.sensitivity_list, 1)
        return page

    def _build_funding(self) -> QWidget:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        intro = QLabel("Six questions about the service suggest how the commissioner might pay "
                       "for it. The suggestion and its reasons are a starting point for that "
                       "conversation, not financial advice.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.funding_combos: dict[str, QComboBox] = {}
        for question in funding.QUESTIONS:
            combo = QComboBox(objectName=f"funding-{question.id}")
            combo.setAccessibleName(question.text)
            combo.setToolTip(question.help)
            combo.addItem("Not answered yet", "")
            for value, label in question.answers:
                combo.addItem(label, value)
            combo.activated.connect(lambda _i, q=question.id: self._on_funding_answer(q))
            label = QLabel(question.text)
            label.setWordWrap(True)
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.funding_combos[question.id] = combo
        layout.addLayout(form)
        self.funding_result = QTextBrowser(objectName="funding-result")
        self.funding_result.setOpenLinks(False)
        self.funding_result.setAccessibleName("Suggested funding model and reasons")
        layout.addWidget(self.funding_result, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _build_legal_forms(self) -> QWidget:
        self.legal_forms = QTextBrowser(objectName="legal-forms")
        self.legal_forms.setOpenLinks(False)  # addresses are shown, never fetched
        self.legal_forms.setAccessibleName("Legal forms side by side")
        return self.legal_forms

    # --- showing ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.appraisal = self.session.repo.appraisal()
        read_only = self.session.read_only
        if self.appraisal is None:
            self.pages.setCurrentIndex(0)
            self.start_button.setEnabled(not read_only)
            self.start_note.setVisible(read_only)
            return
        self.pages.setCurrentIndex(1)
        self._loading = True
        try:
            self._redraw(read_only)
        finally:
            self._loading = False
        self._note_cell = None
        self._show_note()

    def _redraw(self, read_only: bool) -> None:
        assert self.appraisal is not None
        current = self.table.currentIndex()
        row, column = (current.row(), current.column()) if current.isValid() else (0, 0)
        self.scores_model.set_appraisal(self.appraisal)
        self.criteria_model.editable = not read_only
        criterion_row = self.criteria_table.currentIndex()
        self.criteria_model.set_appraisal(self.appraisal)
        if criterion_row.isValid():
            self.criteria_table.setCurrentIndex(self.criteria_model.index(
                min(criterion_row.row(), self.criteria_model.rowCount() - 1),
                criterion_row.column()))
        if self.scores_model.rowCount():
            self.table.setCurrentIndex(self.scores_model.index(
                min(row, self.scores_model.rowCount() - 1),
                min(column, self.scores_model.columnCount() - 1)))
        result = self.scores_model.result
        assert result is not None
        self.verdict.setText(f"<b>{html.escape(ap.verdict(self.appraisal, result))}</b>")
        total = sum(c.weight for c in self.appraisal.criteria)
        self.weights_note.setText(
            f"Weights add up to {total}. Each criterion's share is its weight divided by the "
            "total, so they need not add up to 100." if total != 100 else
            "Weights add up to 100. Select a weight and type a new one to change it.")
        self._show_sensitivity(result)
        self._show_funding()
        self._show_legal_forms()
        for widget in (self.add_option_button, self.add_criterion_button, self.note,
                       *self.funding_combos.values()):
            widget.setEnabled(not read_only)
        self.note.setReadOnly(read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = not self.session.read_only and self.appraisal is not None
        option = self._current_option()
        self.edit_option_button.setEnabled(editable and option is not None)
        self.remove_option_button.setEnabled(editable and option is not None and
                                             option.removable)
        self.remove_criterion_button.setEnabled(
            editable and self.criteria_table.currentIndex().isValid()
            and bool(self.appraisal and len(self.appraisal.criteria) > 1))

    def _show_sensitivity(self, result: ap.Result) -> None:
        self.sensitivity_list.clear()
        assert self.appraisal is not None
        leader = result.winner
        if leader is None:
            self.sensitivity_list.addItem(ap.verdict(self.appraisal, result))
            return
        if result.close:
            self.sensitivity_list.addItem("The result is close: one score moved by one point "
                                          "could change it.")
        items = ap.sensitivity(self.appraisal, result)  # nearest change first
        for item in sorted(items, key=lambda i: (abs(i.nearest[0] - i.share) if i.nearest
                                                 else 2.0)):
            self.sensitivity_list.addItem(item.sentence(leader))

    def _show_funding(self) -> None:
        assert self.appraisal is not None
        answers = self.appraisal.funding_answers
        for qid, combo in self.funding_combos.items():
            combo.setCurrentIndex(max(0, combo.findData(answers.get(qid, ""))))
        rec = funding.recommend(answers)
        sources = resources.appraisal_reference()["sources"]
        parts = [f"<h3>Suggested: {html.escape(rec.label)}</h3>"]
        if rec.unanswered:
            parts.append(f"<p>{len(rec.unanswered)} question(s) still to answer.</p>")
        if rec.reasons:
            parts.append("<ul>" + "".join(f"<li>{html.escape(r.text)}</li>"
                                          for r in rec.reasons) + "</ul>")
            keys = dict.fromkeys(k for r in rec.reasons for k in r.sources)
            parts.append("<p><small>Sources: " + "; ".join(
                f"{html.escape(sources[k]['title'])} ({html.escape(sources[k]['url'])})"
                for k in keys if k in sources) + "</small></p>")
        self.funding_result.setHtml("".join(parts))

    def _show_legal_forms(self) -> None:
        reference = resources.appraisal_reference()
        chosen = {o.legal_form.value for o in (self.appraisal.options if self.appraisal else ())
                  if o.legal_form}
        forms = reference["legal_forms"]
        head = "".join(f"<th>{html.escape(f['name'])}"
                       + (" <i>(your mutual)</i>" if f["id"] in chosen else "") + "</th>"
                       for f in forms)
        rows = "".join(f"<tr><th align='left'>{label}</th>"
                       + "".join(f"<td>{html.escape(f[key])}</td>" for f in forms) + "</tr>"
                       for key, label in REFERENCE_ROWS)
        keys = dict.fromkeys(k for f in forms for k in f["sources"])
        sources = "".join(f"<li>{html.escape(reference['sources'][k]['title'])} — "
                          f"{html.escape(reference['sources'][k]['url'])}</li>" for k in keys)
        self.legal_forms.setHtml(
            "<p>A mutual is not a legal form in itself; these are the forms mutuals most often "
            "take. Reference only: take legal advice before choosing.</p>"
            "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
            f"<tr><th></th>{head}</tr>{rows}</table>"
            f"<p><b>Sources</b></p><ul>{sources}</ul>")

    # --- notes -----------------------------------------------------------------------------------

    def _current_option(self) -> Option | None:
        index = self.table.currentIndex()
        if self.appraisal is None or not index.isValid():
            return None
        return self.scores_model.option_at(index.row())

    def _current_cell(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        option = self._current_option()
        criterion = self.scores_model.criterion_at(index.column()) if index.isValid() else None
        return (option.id, criterion.id) if option and criterion else None

    def _show_note(self) -> None:
        cell = self._current_cell()
        if cell == self._note_cell and cell is not None:
            return  # same cell: keep what is being typed
        self._note_cell = cell
        if cell is None or self.appraisal is None:
            self.note_label.setText("Evidence note (select a score first):")
            self.note.setPlainText("")
            self.note.setEnabled(False)
            return
        option, criterion = self.appraisal.option(cell[0]), self.appraisal.criterion(cell[1])
        self.note_label.setText(f"Ev&idence for “{option.name}” on “{criterion.name}”:")
        self.note.setEnabled(True)
        text = self.appraisal.cell(*cell).evidence
        if self.note.toPlainText() != text:
            self.note.setPlainText(text)

    def _on_cell_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._loading:
            return
        self._save_note()
        self._show_note()
        self._update_buttons()

    def _save_note(self) -> None:
        cell = self._note_cell
        if self._loading or cell is None or self.appraisal is None or self.session.read_only:
            return
        old = self.appraisal.cell(*cell)
        text = self.note.toPlainText()
        if text == old.evidence:
            return
        self._change(self.appraisal.with_cell(replace(old, evidence=text)),
                     "Edit evidence note")

    # --- edits -----------------------------------------------------------------------------------

    def _change(self, new: Appraisal | None, text: str) -> None:
        """One undoable action writing the whole appraisal (None removes it)."""
        old = self.appraisal
        repo = self.session.repo

        def write(appraisal: Appraisal | None) -> None:
            if appraisal is None:
                repo.remove_appraisal()
            else:
                repo.save_appraisal(appraisal)
            self.session.appraisal_changed.emit()

        try:
            if new is not None:
                ap.check_appraisal(new)
            self.session.push_change(text, lambda: write(new), lambda: write(old))
        except (RuleViolation, StorageError) as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            self.refresh()

    def _on_start(self) -> None:
        from mutual_checklist.storage.repository import new_id

        self._change(ap.default_appraisal(new_id), "Start the options appraisal")
        self.table.setFocus()

    def _on_score_typed(self, row: int, column: int, score: int | None) -> None:
        if self.appraisal is None or self.session.read_only:
            return
        criterion = self.scores_model.criterion_at(column)
        if criterion is None:
            return
        option = self.scores_model.option_at(row)
        self._save_note()  # a note typed for this cell is kept, as its own step
        old = self.appraisal.cell(option.id, criterion.id)
        if old.score == score:
            return
        what = f"Score ‘{option.name}’ {score}" if score else f"Clear a score of ‘{option.name}’"
        self._change(self.appraisal.with_cell(replace(old, score=score)),
                     f"{what} on {criterion.name.lower()}")

    def _on_add_option(self) -> None:
        if self.appraisal is None:
            return
        option = ask_option(self, None, self.appraisal.next_position(self.appraisal.options))
        if option is not None:
            self._change(self.appraisal.with_option(option), f"Add option ‘{option.name}’")

    def _on_edit_option(self) -> None:
        current = self._current_option()
        if current is None or self.appraisal is None:
            return
        option = ask_option(self, current, current.position)
        if option is not None and option != current:
            self._change(self.appraisal.with_option(option), f"Edit option ‘{option.name}’")

    def _on_remove_option(self) -> None:
        current = self._current_option()
        if current is None or self.appraisal is None:
            return
        if not current.removable:
            QMessageBox.information(self, APP_NAME, "“Keep as is” stays: every appraisal is "
                                    "measured against doing nothing.")
            return
        try:
            new = self.appraisal.without_option(current.id)
        except RuleViolation as error:
            QMessageBox.information(self, APP_NAME, str(error))
            return
        self._change(new, f"Remove option ‘{current.name}’")

    def _on_add_criterion(self) -> None:
        if self.appraisal is None:
            return
        from mutual_checklist.storage.repository import new_id

        criterion = Criterion(new_id(), "New criterion", 10, "",
                              self.appraisal.next_position(self.appraisal.criteria))
        self._change(self.appraisal.with_criterion(criterion), "Add a criterion")
        row = len(self.appraisal.criteria) - 1 if self.appraisal else 0
        self.criteria_table.setFocus()
        self.criteria_table.setCurrentIndex(self.criteria_model.index(row, 0))

    def _on_remove_criterion(self) -> None:
        index = self.criteria_table.currentIndex()
        if self.appraisal is None or not index.isValid():
            return
        criterion = self.appraisal.criteria[index.row()]
        self._change(self.appraisal.without_criterion(criterion.id),
                     f"Remove criterion ‘{criterion.name}’")

    def _on_criterion_edited(self, criterion: Criterion) -> None:
        """Written once the table has closed its editor (never while it is committing)."""
        from PySide6.QtCore import QTimer

        def write() -> None:
            if self.appraisal is not None:
                self._change(self.appraisal.with_criterion(criterion),
                             f"Edit criterion ‘{criterion.name}’")

        QTimer.singleShot(0, write)

    def _on_funding_answer(self, question_id: str) -> None:
        if self.appraisal is None:
            return
        value = self.funding_combos[question_id].currentData()
        answers = dict(self.appraisal.funding_answers)
        if value:
            answers[question_id] = value
        else:
            answers.pop(question_id, None)
        if answers != self.appraisal.funding_answers:
            self._change(replace(self.appraisal, funding_answers=answers),
                         "Answer a funding question")

    def show_item(self, item_id: str) -> None:
        """Navigation target: "funding", "legal-forms", or an option id to select."""
        tabs = {"scores": 0, "criteria": 1, "sensitivity": 2, "funding": 3, "legal-forms": 4}
        if item_id in tabs:
            self.tabs.setCurrentIndex(tabs[item_id])
            return
        for row in range(self.scores_model.rowCount()):
            if self.scores_model.option_at(row).id == item_id:
                self.tabs.setCurrentIndex(0)
                self.table.setCurrentIndex(self.scores_model.index(row, 0))
                return

