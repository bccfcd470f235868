"""Publication dates as archives write them, read into UTC timestamps.

Forms: ISO 8601 (date, date and time, with or without a zone), `07.12.2026` and `07.12.2026 14:05`,
Russian `7 декабря 2026 г., 14:05`, Kazakh `2026 жылғы 7 желтоқсан` and `7 желтоқсан 2026`, and
unix epoch seconds given as a number. A time without a zone is taken as UTC: archives rarely say
which zone they mean, and guessing Almaty or Moscow would be wrong as often as right.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

MONTHS = {
    # Russian in any case or cut short ("декабря", "декабрь", "дек."); Kazakh with its endings
    # ("желтоқсанда").
    r"янв\w*\.?": 1, r"фев\w*\.?": 2, r"мар\w*\.?": 3, r"апр\w*\.?": 4, r"ма[йяе]": 5,
    r"июн\w*\.?": 6, r"июл\w*\.?": 7, r"авг\w*\.?": 8, r"сен\w*\.?": 9, r"окт\w*\.?": 10,
    r"ноя\w*\.?": 11, r"дек\w*\.?": 12,
    r"қаңтар\w*": 1, r"ақпан\w*": 2, r"наурыз\w*": 3, r"сәуір\w*": 4, r"мамыр\w*": 5,
    r"маусым\w*": 6, r"шілде\w*": 7, r"тамыз\w*": 8, r"қыркүйек\w*": 9, r"қазан\w*": 10,
    r"қараша\w*": 11, r"желтоқсан\w*": 12,
}
MONTH_OF = [(re.compile(rf"(?:{pattern})$", re.I), number) for pattern, number in MONTHS.items()]
TIME = r"(?:[,\s]+(?:в\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
NUMERIC = re.compile(rf"(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})(?:\s*г\.?)?{TIME}$")
DAY_MONTH_YEAR = re.compile(
    rf"(?P<day>\d{{1,2}})\s+(?P<month>[^\W\d]+\.?)\s+(?P<year>\d{{4}})"
    rf"(?:\s*(?:г\.|года|год|г\b|ж\.|жыл\w*))?{TIME}$", re.I)
YEAR_DAY_MONTH = re.compile(                                   # Kazakh: 2026 жылғы 7 желтоқсан
    rf"(?P<year>\d{{4}})\s*(?:жылғы|жыл|ж\.)?\s+(?P<day>\d{{1,2}})\s+(?P<month>[^\W\d]+){TIME}$", re.I)
EPOCH_MS_FROM = 10 ** 11        # larger epoch numbers are milliseconds (year 5138 in seconds)


def parse_published(value) -> datetime | None:
    """The moment `value` names, in UTC, or None when it is none of the forms above."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    return _iso(text) or _written(text)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _from_epoch(number: float) -> datetime | None:
    seconds = number / 1000 if abs(number) >= EPOCH_MS_FROM else number
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _iso(text: str) -> datetime | None:
    if not re.match(r"\d{4}-\d{2}", text):      # fromisoformat also takes "20261207" and weeks
        return None
    try:
        return _utc(datetime.fromisoformat(text.replace(" ", "T", 1)))
    except ValueError:
        return None


def _written(text: str) -> datetime | None:
    for pattern in (NUMERIC, DAY_MONTH_YEAR, YEAR_DAY_MONTH):
        found = pattern.match(text)
        if found:
            month = found["month"]
            month = int(month) if month.isdigit() else _month_number(month)
            if month is None:
                return None
            try:
                return datetime(int(found["year"]), month, int(found["day"]),
                                int(found["hour"] or 0), int(found["minute"] or 0),
                                int(found["second"] or 0), tzinfo=timezone.utc)
            except ValueError:                  # 31.02.2026, 25:00
                return None
    return None


def _month_number(word: str) -> int | None:
    for pattern, number in MONTH_OF:
        if pattern.match(word):
            return number
    return None


DAY_MONTH = re.compile(r"(?P<day>\d{1,2})(?:\s+(?P<word>[^\W\d]+\.?)|[./](?P<month>\d{1,2})(?=[./]|\b))")


def day_of_year(text: str) -> int | None:
    """The day of the year a date mention names ("25 февраля", "7 желтоқсан", "25.02.2011",
    "04/08/2008"), the year aside (in a leap year's count), or None."""
    found = DAY_MONTH.match(text.strip())
    if not found:
        return None
    month = int(found["month"]) if found["month"] else _month_number(found["word"])
    try:
        return date(2000, month, int(found["day"])).timetuple().tm_yday if month else None
    except ValueError:
        return None
