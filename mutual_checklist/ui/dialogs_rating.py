"""Setting the project's delivery-confidence rating: the dialog and the undoable save.

The leader chooses on the government's five-point scale; the rating the evidence suggests is
shown beside it with its reasons, and a reason is required when the two differ, so an adviser
reading the report can see why the leader judged differently.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mutual_checklist.domain.models import Rating
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.domain.risk import RATING_HEX
from mutual_checklist.ui.session import ProjectSession
from mutual_checklist.ui.widgets.mini_heat_map import ColourChip

RATING_COLOURS: dict[Rating, str] = {rating: RATING_HEX[rating.value] for rating in Rating}

# Plain-English meanings, after the Infrastructure and Projects Authority's definitions.
RATING_MEANINGS: dict[Rating, str] = {
    Rating.GREEN: "Going live on time and well looks highly likely; no major issues.",
    Rating.AMBER_GREEN: "Looks probable; the issues can be fixed without putting go-live at risk.",
    Rating.AMBER: "Looks feasible, but significant issues need attention now.",
    Rating.AMBER_RED: "In doubt: major risks or issues in several areas need urgent action.",
    Rating.RED: "Looks unachievable unless the plan, budget or go-live date changes.",
}

REASON_NEEDED = "Say why your rating differs from the one the evidence suggests."


def reason_required(chosen: Rating, suggested: Rating) -> bool:
    """A reason is needed whenever the leader's rating is not the evidence-suggested one."""
    return chosen is not suggested


def save_rating(session: ProjectSession, rating: Rating, reason: str, suggested: Rating) -> None:
    """Save the leader's rating as one undoable change; undo puts back the old rating and reason.

    Raises:
        RuleViolation: the rating differs from the suggested one and no reason is given, or the
            reason cannot be stored (nothing is written).
    """
    reason = reason.strip()
    if reason_required(rating, suggested) and not reason:
        raise RuleViolation(REASON_NEEDED)
    old = session.repo.project()
    if old.rating is rating and old.rating_reason == reason:
        return

    def apply() -> None:
        session.repo.set_rating(rating, reason)
        session.refresh_project()

    def revert() -> None:
        session.repo.set_rating(old.rating, old.rating_reason)
        session.refresh_project()

    session.push_change(f"Set delivery confidence to {rating.label}", apply, revert)


def _chip_icon(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class RatingDialog(QDialog):
    """Choose a rating; the Save button stays disabled until a needed reason is given."""

    def __init__(self, current: Rating | None, suggested: Rating, reasons: list[str],
                 current_reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Delivery confidence")
        self.suggested = suggested
        layout = QVBoxLayout(self)
        intro = QLabel("How confident are you that the service will go live on time and well? "
                       "Choose on the five-point scale used across government.", wordWrap=True)
        layout.addWidget(intro)

        evidence = QHBoxLayout()
        evidence.addWidget(ColourChip(RATING_COLOURS[suggested]))
        suggestion = QLabel(f"The evidence in this project suggests {suggested.label}:")
        suggestion.setObjectName("rating-suggestion")
        evidence.addWidget(suggestion, 1)
        layout.addLayout(evidence)
        for reason in reasons:
            label = QLabel(f"• {reason}", wordWrap=True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)

        self.group = QButtonGroup(self)
        self.buttons: dict[Rating, QRadioButton] = {}
        for rating in Rating:
            extra = "  (suggested)" if rating is suggested else ""
            button = QRadioButton(f"{rating.label}{extra} — {RATING_MEANINGS[rating]}")
            button.setIcon(_chip_icon(RATING_COLOURS[rating]))
            button.setAccessibleName(f"{rating.label}{extra}")
            self.group.addButton(button)
            self.buttons[rating] = button
            layout.addWidget(button)
        self.buttons[current or suggested].setChecked(True)

        self.reason_label = QLabel(wordWrap=True)
        self.reason_edit = QPlainTextEdit(current_reason)
        self.reason_edit.setAccessibleName("Reason for the rating")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMaximumHeight(90)
        self.reason_label.setBuddy(self.reason_edit)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit)

        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                    | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.box.button(QDialogButtonBox.StandardButton.Save)
        self.ok_button.setText("&Save rating")
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self.group.buttonToggled.connect(self._update)
        self.reason_edit.textChanged.connect(self._update)
        self.resize(640, self.sizeHint().height())
        self._update()

    def chosen(self) -> Rating:
        return next(r for r, b in self.buttons.items() if b.isChecked())

    def choose(self, rating: Rating) -> None:
        self.buttons[rating].setChecked(True)

    def value(self) -> tuple[Rating, str]:
        return self.chosen(), self.reason_edit.toPlainText().strip()

    def _update(self, *_args: object) -> None:
        needed = reason_required(self.chosen(), self.suggested)
        if needed:
            self.reason_label.setText("&Reason (needed, because your rating differs from the "
                                      "suggested one; it appears in reports):")
        else:
            self.reason_label.setText("&Reason (optional; it appears in reports):")
        has_reason = bool(self.reason_edit.toPlainText().strip())
        self.ok_button.setEnabled(has_reason or not needed)

    @classmethod
    def ask(cls, parent: QWidget | None, current: Rating | None, suggested: Rating,
            reasons: list[str], current_reason: str = "") -> tuple[Rating, str] | None:
        """Show the dialog; return (rating, reason) or None when cancelled. Tests patch this."""
        dialog = cls(current, suggested, reasons, current_reason, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
