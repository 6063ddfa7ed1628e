"""Copy the bundled checklists into the package when a wheel is built.

The checklists live at the top of the repository (`checklists/`) so they are easy to find and
edit; an installed copy finds them under `mutual_checklist/bundled/checklists/` instead
(see `mutual_checklist/resources.py`). Everything else is in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithChecklists(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "mutual_checklist" / "bundled" / "checklists"
        target.mkdir(parents=True, exist_ok=True)
        for template in sorted(Path(__file__).parent.joinpath("checklists").glob("*.toml")):
            shutil.copy2(template, target / template.name)


setup(cmdclass={"build_py": BuildWithChecklists})
