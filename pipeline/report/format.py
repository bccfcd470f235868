"""How the report writes values: escaped text, numbers with thin spaces, dates in UTC."""
from __future__ import annotations

import html
from datetime import datetime


def esc(value) -> str:
    return "" if value is None else html.escape(str(value))


def number(value: float) -> str:
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return text.replace(",", " ")


def date_time(moment: datetime | None) -> str | None:
    """'2026-12-07 14:05', sortable as text and compared with a date field by its first 10."""
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M")
