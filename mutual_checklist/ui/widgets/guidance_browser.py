"""Guidance text rendered from Markdown, with glossary terms explained when hovered or focused."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from mutual_checklist.domain.glossary import find_terms
from mutual_checklist.domain.models import GlossaryTerm


class GuidanceBrowser(QTextBrowser):
    """Shows checklist guidance; terms from the glossary get a dotted underline and a tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.terms_shown: list[str] = []

    def show_guidance(self, markdown: str, glossary: tuple[GlossaryTerm, ...]) -> None:
        self.setMarkdown(markdown)
        document = self.document()
        plain = document.toPlainText()
        self.terms_shown = []
        for match in find_terms(plain, glossary):
            cursor = QTextCursor(document)
            cursor.setPosition(match.start)
            cursor.setPosition(match.end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setToolTip(f"{match.term.term}: {match.term.definition}")
            cursor.mergeCharFormat(fmt)
            self.terms_shown.append(match.term.term)

    def tooltip_at(self, position) -> str:  # noqa: ANN001 - QPoint in viewport coordinates
        cursor = self.cursorForPosition(position)
        tip = cursor.charFormat().toolTip()
        if not tip:  # the cursor sits after the hovered character; look at the one before
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
            tip = cursor.charFormat().toolTip()
        return tip

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def glossary_for_selection(self) -> str:
        """Keyboard users: the explanation of the term under the text cursor (F1 shows it)."""
        return self.textCursor().charFormat().toolTip()

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if event.key() == Qt.Key.Key_F1:
            tip = self.glossary_for_selection()
            if tip:
                QToolTip.showText(self.mapToGlobal(self.cursorRect().bottomLeft()), tip, self)
                return
        super().keyPressEvent(event)
