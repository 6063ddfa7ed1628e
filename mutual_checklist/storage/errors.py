"""Storage errors, each with a message a non-technical user can act on."""
from __future__ import annotations


class StorageError(Exception):
    """Base class: something about the project file stops us; the message says what in plain words."""


class NotAProjectFile(StorageError):
    """The file is not a Mutual Checklist project (another program's file, or not a database)."""


class DamagedFile(StorageError):
    """The file is a project file but SQLite found damage in it."""


class NewerVersionFile(StorageError):
    """The file was written by a newer version of the app; we may read it but never write it."""


class ReadOnlyProject(StorageError):
    """A write was attempted on a project opened read-only."""


class StorageUnavailable(StorageError):
    """The disk, the folder or a lock stops us reading or writing (disk full, locked, no access)."""


class ValidationError(StorageError):
    """The data breaks a rule of the project (e.g. not applicable without a reason)."""


class StaleData(StorageError):
    """The row changed in the file since this window read it (someone else edited it)."""
