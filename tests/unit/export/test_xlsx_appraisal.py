"""The options appraisal sheets of the Excel export."""
from __future__ import annotations

from tests.unit.export.test_xlsx_export import column, demo_book  # noqa: F401 - fixture


def test_appraisal_and_funding_sheets(demo_book):  # noqa: F811
    book, data = demo_book
    sheet = book["Options appraisal"]
    assert sheet.max_row == 1 + len(data.appraisal.options) * len(data.appraisal.criteria)
    assert column(sheet, "option")[0].value == "Employee-owned mutual"
    assert column(sheet, "option_total")[0].value == "3.80"
    assert column(sheet, "score")[0].value == 5 and column(sheet, "score")[0].data_type == "n"
    assert "co-designed" in column(sheet, "evidence")[0].value
    funding = [(r[0].value, r[1].value) for r in book["Funding model"].iter_rows(min_row=2)]
    assert ("Suggested funding model", "A mix: a contract with part of the payment on results") \
        in funding
    assert any(item == "Sensitivity" and "34.6 %" in text for item, text in funding)
