"""Logging to a file in the data folder, so unexpected errors can be reported without a console."""
from __future__ import annotations

import logging
import logging.handlers

_configured = False


def setup() -> None:
    """Log warnings and errors to `<data>/logs/mutual-checklist.log` (rotated); once per process."""
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger("mutual_checklist")
    root.setLevel(logging.INFO)
    root.propagate = False
    try:
        from mutual_checklist import paths

        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.logs_dir() / "mutual-checklist.log", maxBytes=1_000_000, backupCount=3,
            encoding="utf-8", delay=True)
    except (OSError, RuntimeError):
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def log_path() -> str:
    from mutual_checklist import paths

    return str(paths.logs_dir() / "mutual-checklist.log")
