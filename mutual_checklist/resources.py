"""Where bundled files live; the only code that knows, for a checkout or an installed copy."""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the template modules load on first use, not on the window's start-up path
    from mutual_checklist.domain.models import ChecklistTemplate

_PACKAGE_DIR = Path(__file__).resolve().parent


def checklists_dir() -> Path:
    """Return the folder of bundled checklist templates.

    In a source checkout that is the top-level `checklists/` next to the package; in an installed
    or frozen copy it is `bundled/checklists/` inside the package.
    """
    checkout = _PACKAGE_DIR.parent / "checklists"
    if checkout.is_dir() and (_PACKAGE_DIR.parent / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE_DIR / "bundled" / "checklists"  # installed copy or PyInstaller bundle


def icons_dir() -> Path:
    """The app icon's files: `resources/icons/` in a checkout, `bundled/icons/` when installed."""
    checkout = _PACKAGE_DIR.parent / "resources" / "icons"
    if checkout.is_dir() and (_PACKAGE_DIR.parent / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE_DIR / "bundled" / "icons"


def app_icon_files() -> list[Path]:
    """The app icon as PNG files, smallest first (empty if the icons are missing)."""
    folder = icons_dir() / "png"
    return sorted(folder.glob("*.png"), key=lambda p: int(p.stem)) if folder.is_dir() else []


def bundled_template_paths() -> list[Path]:
    """Return the bundled template files (`*.toml`), sorted by name."""
    folder = checklists_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def load_bundled_templates() -> list[ChecklistTemplate]:
    """Return every bundled template, parsed once per process.

    Raises:
        TemplateError: if a bundled template is invalid (a packaging bug, caught by the tests).
    """
    return list(_bundled_templates())


def find_bundled_template(template_id: str) -> ChecklistTemplate | None:
    """Return the bundled template with this id, or None if there is none."""
    return next((t for t in _bundled_templates() if t.id == template_id), None)


def template_text(template_id: str) -> str:
    """The TOML text of a bundled template, stored inside each project made from it.

    Raises:
        KeyError: there is no bundled template with this id.
    """
    for path, template in zip(bundled_template_paths(), _bundled_templates()):
        if template.id == template_id:
            return path.read_text(encoding="utf-8-sig")
    raise KeyError(template_id)


@functools.lru_cache(maxsize=1)
def _bundled_templates() -> tuple[ChecklistTemplate, ...]:
    from mutual_checklist.domain.templates import load_template

    return tuple(load_template(path) for path in bundled_template_paths())


def reference_dir() -> Path:
    """Bundled reference content (legal forms, funding-model sources): `checklists/reference/`."""
    return checklists_dir() / "reference"


@functools.lru_cache(maxsize=1)
def appraisal_reference() -> dict[str, Any]:
    """The options-appraisal reference data (legal forms side by side, sources, evidence steps).

    Raises:
        OSError, tomllib.TOMLDecodeError: the bundled file is missing or broken (a packaging bug,
        caught by the tests).
    """
    path = reference_dir() / "appraisal.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))
