"""Excel workbook export (.xlsx, through openpyxl): the four CSV tables as sheets people can use.

Steps, Barriers, Contacts and Interactions each become a sheet with the same rows and columns as
the CSV export (``docs/csv-columns.md``), headed in words. What a workbook adds over CSV:

* dates are real dates (dd/mm/yyyy) and timestamps real date-times, so they sort and filter;
* text cells are typed as text (and formatted as Text), so nothing a person typed can run as a
  formula and no apostrophe shows: ``=HYPERLINK(...)`` and ``+44 20 7946 0958`` read as typed;
* the header row is frozen and has filters, columns have widths that fit, and the status (and
  stance, treatment) columns offer their allowed values as a drop-down list.

`add_sheet` is the one way a sheet is written, for any later sheet too.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mutual_checklist import __version__
from mutual_checklist.domain.models import (
    BarrierStatus,
    ChecklistTemplate,
    ProjectData,
    Stance,
    StepStatus,
    Treatment,
)
from mutual_checklist.export import csv_export
from mutual_checklist.storage import atomic

SHEETS = (("steps", "Steps"), ("barriers", "Barriers"), ("contacts", "Contacts"),
          ("interactions", "Interactions"))
TIMESTAMPS = {"created_at", "updated_at"}
LISTS: dict[str, dict[str, tuple[str, ...]]] = {
    "steps": {"status": tuple(s.value for s in StepStatus)},
    "barriers": {"status": tuple(s.value for s in BarrierStatus),
                 "treatment": tuple(t.value for t in Treatment)},
    "contacts": {"stance": tuple(s.value for s in Stance)}}
"""table -> column -> the values its drop-down list offers."""
MAX_CELL = 32_767  # Excel's limit for one cell
DATE_FORMAT = "dd/mm/yyyy"
STAMP_FORMAT = "dd/mm/yyyy hh:mm"
_HEAD_FILL = PatternFill("solid", fgColor="243B53")


def heading(column: str) -> str:
    """``next_contact_date`` -> ``Next contact date``."""
    return column.replace("_", " ").capitalize()


def _timestamp(value: str) -> dt.datetime | str:
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is not None:  # Excel has no time zones: shown in UTC
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _put(sheet: Worksheet, row: int, col: int, column: str, value: object) -> int:
    """Write one typed cell; returns the width its text needs."""
    cell = sheet.cell(row=row, column=col)
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if column in TIMESTAMPS and isinstance(value, str):
        value = _timestamp(value)
    if isinstance(value, dt.datetime):
        cell.value, cell.number_format = value, STAMP_FORMAT
        return 16
    if isinstance(value, dt.date):
        cell.value, cell.number_format = value, DATE_FORMAT
        return 10
    if isinstance(value, int) and column in csv_export.NUMERIC:
        cell.value = value
        return len(str(value))
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL]
    cell.value = text
    cell.data_type = "s"  # text, never a formula, whatever it starts with
    cell.number_format = "@"
    if "\n" in text:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return max((len(line) for line in text.splitlines()), default=0)


def add_sheet(book: Workbook, title: str, columns: Sequence[str],
              rows: Iterable[Mapping[str, object]],
              lists: Mapping[str, Sequence[str]] | None = None) -> Worksheet:
    """A sheet with a frozen, filtered header row, typed cells, fitted widths and drop-down
    lists (column -> allowed values)."""
    sheet = book.create_sheet(title)
    widths = [len(heading(c)) for c in columns]
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=heading(column))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEAD_FILL
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns, start=1):
            widths[col - 1] = max(widths[col - 1], _put(sheet, count + 1, col, column,
                                                       row.get(column)))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(count + 1, 2)}"
    for column, allowed in (lists or {}).items():
        if column not in columns:
            continue
        letter = get_column_letter(columns.index(column) + 1)
        check = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"',
                               allow_blank=True, showErrorMessage=True,
                               errorTitle="Not a known value",
                               error="Choose one of the values in the list.")
        check.add(f"{letter}2:{letter}{max(count + 1, 1000)}")
        sheet.add_data_validation(check)
    return sheet


def workbook(template: ChecklistTemplate, data: ProjectData) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for name, title in SHEETS:
        columns, rows = csv_export.TABLE_ROWS[name]
        add_sheet(book, title, columns, rows(template, data), LISTS.get(name))
    from mutual_checklist.export import xlsx_appraisal  # imports add_sheet from here

    xlsx_appraisal.add_appraisal_sheets(book, data.appraisal)  # the options appraisal, if any
    book.properties.title = f"{data.project.name} (Mutual Checklist)"[:250]
    book.properties.creator = f"Mutual Checklist {__version__}"
    book.properties.language = "en-GB"
    return book


def write_workbook(template: ChecklistTemplate, data: ProjectData, output: Path) -> Path:
    """Write the workbook to a temporary name, then rename it into place."""
    output = Path(output)
    with atomic.open_atomically(output, "wb") as handle:
        workbook(template, data).save(handle)
    return output
