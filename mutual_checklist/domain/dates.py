"""UK date display, the same everywhere and independent of the computer's language settings."""
from __future__ import annotations

import datetime as dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def uk_date(day: dt.date | None, missing: str = "") -> str:
    """03/03/2025, for tables and forms."""
    return day.strftime("%d/%m/%Y") if day else missing


def long_date(day: dt.date | None, missing: str = "not set") -> str:
    """3 March 2025, for sentences."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else missing
