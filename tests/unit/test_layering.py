"""The layering rule: only ui/ and the app entry may import Qt."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "mutual_checklist"
QT_ALLOWED = {"app.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_ui_and_app_import_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui" or str(relative) in QT_ALLOWED:
            continue
        qt = {name for name in _imports(path) if name.split(".")[0] in ("PySide6", "shiboken6")}
        if qt:
            offenders.append(f"{relative}: {sorted(qt)}")
    assert offenders == []


def test_domain_and_export_do_not_touch_sql_or_qt():
    for layer in ("domain",):
        for path in (PACKAGE / layer).rglob("*.py"):
            imported = _imports(path)
            assert not {n for n in imported if n.split(".")[0] in ("sqlite3", "sqlite_utils")}, path
            assert not {n for n in imported if n.startswith("mutual_checklist.storage")}, path


def test_the_rule_checker_sees_a_qt_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in _imports(sample)
