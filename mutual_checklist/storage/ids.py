"""Ids and timestamps for stored rows."""
from __future__ import annotations

import datetime as dt
import uuid


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return uuid.uuid4().hex
