"""Package list and the mapping that ships top-level folders inside the package.

The checklists stay at the top of the repository (`checklists/`, with any subfolders) and the
icons in `resources/icons/`, where they are easy to find and edit. A package-dir mapping installs
them as `mutual_checklist/bundled/checklists/` and `mutual_checklist/bundled/icons/`, in the
sdist and in every wheel (also one built from the sdist), with nothing copied at build time.
`mutual_checklist/resources.py` is the only code that knows both places. Everything else is in
pyproject.toml.
"""
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
BUNDLED = {
    "mutual_checklist.bundled.checklists": "checklists",
    "mutual_checklist.bundled.icons": "resources/icons",
}


def data_packages(package: str, folder: str) -> list[str]:
    """The mapped folder and each of its subfolders, as (data-only) packages."""
    subfolders = sorted(p for p in (HERE / folder).rglob("*")
                        if p.is_dir() and "__pycache__" not in p.parts)
    return [package] + [".".join((package, *p.relative_to(HERE / folder).parts))
                        for p in subfolders]


DATA_PACKAGES = [name for package, folder in BUNDLED.items()
                 for name in data_packages(package, folder)]
FONT_PACKAGE = "mutual_checklist.export.fonts"  # bundled TTF files, a data-only package

setup(
    packages=find_packages(include=["mutual_checklist", "mutual_checklist.*"]) + DATA_PACKAGES + [FONT_PACKAGE],
    package_dir=BUNDLED,
    package_data={
        "mutual_checklist": ["export/*.json"],
        **{name: ["*"] for name in DATA_PACKAGES + [FONT_PACKAGE]},
    },
    exclude_package_data={name: ["*.pyc"] for name in DATA_PACKAGES},
)
