"""A clean copy of a project file whose schema is not exactly what the app made.

The copy is rebuilt from the project's data through the interchange format (the same checks as an
import), never copied byte for byte, so planted triggers, views or altered tables never come along.
"""
from __future__ import annotations

from pathlib import Path

from mutual_checklist.export import interchange
from mutual_checklist.storage.repository import ProjectRepository


def write_clean_copy(source: Path, dest: Path,
                     template_lookup: interchange.TemplateLookup) -> ProjectRepository:
    """Read `source` read-only (nothing in it runs) and create `dest` from its data alone.

    Raises:
        StorageError: `source` cannot be read or `dest` cannot be written.
        ImportRejected: the data in `source` does not pass the interchange checks.
    """
    with ProjectRepository.open(Path(source), read_only=True) as repo:
        text = interchange.export_text(repo)
    document = interchange.parse(text.encode("utf-8"))
    return interchange.create_from_document(document, Path(dest), template_lookup)
