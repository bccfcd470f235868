"""Publication dates as Russian and Kazakh archives write them."""
from datetime import date, datetime, timedelta, timezone

import pytest

from pipeline.dates import parse_published

UTC = timezone.utc


@pytest.mark.parametrize("raw,expected", [
    ("2026-12-07", datetime(2026, 12, 7, tzinfo=UTC)),
    ("2026-12-07T14:05", datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),
    ("2026-12-07 14:05:31", datetime(2026, 12, 7, 14, 5, 31, tzinfo=UTC)),
    ("2026-12-07T14:05:00Z", datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),
    ("2026-12-07T14:05:00+05:00", datetime(2026, 12, 7, 9, 5, tzinfo=UTC)),       # Astana
    ("2026-12-07T00:30:00.250+03:00", datetime(2026, 12, 6, 21, 30, 0, 250000, tzinfo=UTC)),
    ("07.12.2026", datetime(2026, 12, 7, tzinfo=UTC)),
    ("07.12.2026 14:05", datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),
    ("7.12.2026, 14:05", datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),
    ("7 декабря 2026", datetime(2026, 12, 7, tzinfo=UTC)),
    ("7 декабря 2026 г.", datetime(2026, 12, 7, tzinfo=UTC)),
    ("7 декабря 2026, 14:05", datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),
    ("7 декабря 2026 г., 14:05", datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),
    ("1 мая 2026 года в 09:30", datetime(2026, 5, 1, 9, 30, tzinfo=UTC)),
    ("3 марта 2026", datetime(2026, 3, 3, tzinfo=UTC)),
    ("12 янв. 2026", datetime(2026, 1, 12, tzinfo=UTC)),
    ("  22   ноября\n2022 г. ", datetime(2022, 11, 22, tzinfo=UTC)),
    ("2026 жылғы 7 желтоқсан", datetime(2026, 12, 7, tzinfo=UTC)),
    ("2026 жылғы 7 желтоқсан, 14:05", datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),
    ("2026 ж. 15 наурыз", datetime(2026, 3, 15, tzinfo=UTC)),
    ("7 желтоқсан 2026", datetime(2026, 12, 7, tzinfo=UTC)),
    ("1 қыркүйек 2025 жыл", datetime(2025, 9, 1, tzinfo=UTC)),
    ("Шілде 2026", None),                              # no day: not a moment
    (1796652300, datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),           # JSON epoch seconds
    (1796652300.5, datetime(2026, 12, 7, 14, 5, 0, 500000, tzinfo=UTC)),
    (1796652300000, datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),        # milliseconds
    (datetime(2026, 12, 7, 14, 5), datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),   # Parquet
    (datetime(2026, 12, 7, 19, 5, tzinfo=timezone(timedelta(hours=5))),
     datetime(2026, 12, 7, 14, 5, tzinfo=UTC)),
    (date(2026, 12, 7), datetime(2026, 12, 7, tzinfo=UTC)),
])
def test_forms_archives_use(raw, expected):
    assert parse_published(raw) == expected


@pytest.mark.parametrize("raw", [
    "вчера", "", "   ", "31.02.2026", "7 брумера 2026", "2026-13-01", "20261207",
    "07.12.2026 25:00", None, True, "Dec 7, 2026",
])
def test_what_is_not_a_date_is_none(raw):
    assert parse_published(raw) is None
