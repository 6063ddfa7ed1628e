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


def error_without_content(logger: logging.Logger, what: str, error: BaseException,
                          tb: object = None) -> None:
    """Log an error's type and where it happened, but not its message.

    Messages of database and decoding errors can quote the project's content (names, notes),
    which must not reach the log; the stack of our own code is enough to find the fault.
    """
    import traceback

    frames = traceback.extract_tb(tb or error.__traceback__)  # type: ignore[arg-type]
    where = "".join(traceback.format_list(frames[-8:])).rstrip()
    logger.error("%s: %s (message left out: it may quote project content)\n%s", what,
                 type(error).__name__, where)
