"""A view that is not built yet: says so plainly instead of showing an empty page."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderView(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        label = QLabel(f"{title} will appear here in a coming version.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)

    def show_item(self, item_id: str) -> None:
        """Views are asked to show an item when the user clicks through from elsewhere."""
