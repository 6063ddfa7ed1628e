"""Package list and the mapping that ships top-level folders inside the package.

The checklists stay at the top of the repository (`checklists/`, with any subfolders) and the
icons in `resources/icons/`, where they are easy to find and edit. A package-dir mapping installs
them as `mutual_checklist/bundled/checklists/` and `mutual_checklist/bundled/icons/`, in the
sdist and in every wheel (also one built from the sdist), with nothing copied at build time.
`mutual_checklist/resources.py` is the only code that knows both places. Everything else is in
pyproject.toml.
"""
from setuptools import find_packages, setup

BUNDLED = {
    "mutual_checklist.bundled.checklists": "checklists",
    "mutual_checklist.bundled.icons": "resources/icons",
}

setup(
    packages=find_packages(include=["mutual_checklist", "mutual_checklist.*"]) + list(BUNDLED),
    package_dir=BUNDLED,
    package_data={
        "mutual_checklist": ["export/*.json", "export/fonts/**/*", "bundled/fonts/**/*"],
        **{name: ["**/*"] for name in BUNDLED},
    },
    exclude_package_data={name: ["**/__pycache__/*", "**/*.pyc"] for name in BUNDLED},
)
