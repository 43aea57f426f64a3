"""A report period: whole days, both ends included, in Swedish time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

#: The earliest and latest day a period may name (keeps date arithmetic in range).
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
#: The default period: the last twelve months up to today.
DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes: the start of the first day and the start of the day after the last."""
        tz = timezone.get_default_timezone()
        lo = timezone.make_aware(datetime.combine(self.start, time.min), tz)
        hi = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), tz)
        return lo, hi

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def default(cls) -> Period:
        today = timezone.localdate()
        return cls(start=today - timedelta(days=DEFAULT_DAYS - 1), end=today)
