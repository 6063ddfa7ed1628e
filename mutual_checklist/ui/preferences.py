"""Preferences: appearance (system, light, dark) and the folder file pickers start in."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from mutual_checklist.ui.widgets.buttons import ok_cancel

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


@dataclass(frozen=True)
class Preferences:
    theme: str
    default_folder: str


def current() -> Preferences:
    settings = QSettings()
    theme = settings.value("theme", "system")
    return Preferences(theme if theme in dict(THEMES) else "system",
                       settings.value("default_folder", "") or "")


def save(preferences: Preferences) -> None:
    settings = QSettings()
    settings.setValue("theme", preferences.theme)
    settings.setValue("default_folder", preferences.default_folder)


def ask(parent: QWidget, initial: Preferences) -> Preferences | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Preferences")
    theme = QComboBox()
    theme.setAccessibleName("Appearance")
    for key, label in THEMES:
        theme.addItem(label, key)
    theme.setCurrentIndex(theme.findData(initial.theme))
    folder = QLineEdit(initial.default_folder, placeholderText=str(Path.home()))
    folder.setAccessibleName("Folder that file pickers start in")
    browse = QPushButton("&Choose…")
    browse.clicked.connect(lambda: folder.setText(
        QFileDialog.getExistingDirectory(dialog, "Default folder", folder.text() or
                                         str(Path.home())) or folder.text()))
    row = QHBoxLayout()
    row.addWidget(folder, 1)
    row.addWidget(browse)
    buttons = ok_cancel(dialog)
    form = QFormLayout(dialog)
    form.addRow("&Appearance:", theme)
    folder_label = QLabel("&Default folder:")
    folder_label.setBuddy(folder)
    form.addRow(folder_label, row)
    form.addRow(QLabel("Exports, reports and file pickers start in this folder. Your projects "
                       "themselves stay in this computer's own data folder.", wordWrap=True))
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return Preferences(theme.currentData(), folder.text().strip())
