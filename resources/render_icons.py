#!/usr/bin/env python3
"""Render the app icon's PNG sizes, the Windows .ico and the macOS .icns from the one SVG.

Run after editing `resources/icons/mutual-checklist.svg` (the results are committed):

    .venv/bin/python resources/render_icons.py

Uses Qt's SVG renderer (PySide6-Essentials, already installed) and Pillow (installed with
reportlab) for the .ico and .icns containers. No display is needed.
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent / "icons"
SOURCE = ICONS / "mutual-checklist.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        sys.exit(f"{SOURCE} is not a valid SVG file.")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QImage needs one
    (ICONS / "png").mkdir(exist_ok=True)
    images = {}
    for size in SIZES:
        png = render_png(size)
        (ICONS / "png" / f"{size}.png").write_bytes(png)
        images[size] = Image.open(io.BytesIO(png)).convert("RGBA")
    images[512].save(ICONS / "mutual-checklist.ico", format="ICO",
                     sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[images[s] for s in ICO_SIZES])
    images[512].save(ICONS / "mutual-checklist.icns", format="ICNS",
                     append_images=[images[s] for s in ICNS_SIZES])
    print(f"Rendered {len(SIZES)} PNG sizes, .ico and .icns into {ICONS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
