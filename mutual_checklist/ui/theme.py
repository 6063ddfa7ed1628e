"""Light, dark or the system's appearance: applied before the first paint, so nothing flashes."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt


def theme_setting() -> str:
    value = QSettings().value("theme", "system")
    return value if value in ("system", "light", "dark") else "system"


def apply_theme(scheme: str) -> None:
    """Light, dark or the system's choice.

    Qt's colour-scheme hint is honoured only where the platform theme supports it, so an explicit
    light or dark choice also sets the Fusion style's palette, which works everywhere.
    """
    from PySide6.QtGui import QColor, QGuiApplication, QPalette
    from PySide6.QtWidgets import QApplication, QStyleFactory

    app = QApplication.instance()
    QGuiApplication.styleHints().setColorScheme(
        {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
            scheme, Qt.ColorScheme.Unknown))
    if app is None:
        return
    if scheme == "system":
        if app.property("themeApplied"):  # back from an explicit choice: the system's palette
            app.setPalette(QPalette())
            _repolish_style_sheets(app)
        return
    app.setProperty("themeApplied", True)
    from mutual_checklist.ui.focus_ring import FocusRingStyle

    app.setStyle(FocusRingStyle("Fusion"))  # Fusion, with a clearly visible focus ring
    palette = QStyleFactory.create("Fusion").standardPalette()
    if scheme == "dark":
        role = QPalette.ColorRole
        for r, colour in ((role.Window, "#2b2b2b"), (role.WindowText, "#e8e8e8"),
                          (role.Base, "#1f1f1f"), (role.AlternateBase, "#2a2a2a"),
                          (role.Text, "#e8e8e8"), (role.Button, "#353535"),
                          (role.ButtonText, "#e8e8e8"), (role.ToolTipBase, "#3a3a3a"),
                          (role.ToolTipText, "#f0f0f0"), (role.Highlight, "#3d7bd9"),
                          (role.HighlightedText, "#ffffff"), (role.Link, "#8ab4f8"),
                          (role.PlaceholderText, "#9a9a9a")):
            palette.setColor(r, QColor(colour))
        palette.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#7a7a7a"))
        palette.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#7a7a7a"))
    app.setPalette(palette)
    _repolish_style_sheets(app)


def _repolish_style_sheets(app) -> None:  # noqa: ANN001
    """Style sheets read palette colours once; set them again so every open view (the
    dashboard's cards too) switches between light and dark at once, without a restart."""
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet and "palette(" in sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
