"""The simulator's clock: wall time plus an offset that tests can move forward.

Sessions, processing and expiry dates all read this clock, so a test can jump an hour
(session expiry) or a month (service expiry) without sleeping.
"""

import calendar
import datetime
import threading
import time

# The clock must stay where dates can be computed, with room for expiry dates a century on (legacy "life" licenses).
LATEST = datetime.datetime(9000, 1, 1, tzinfo=datetime.timezone.utc).timestamp()


class SimClock:
    def __init__(self, offset=0.0):
        self._offset = float(offset)
        self._lock = threading.Lock()

    @property
    def offset(self):
        return self._offset

    def set_offset(self, offset):
        with self._lock:
            self._offset = float(offset)

    def advance(self, seconds):
        """Move the clock; ValueError when it would leave 1970..9000 (a NaN or infinite step never gets in)."""
        with self._lock:
            offset = self._offset + float(seconds)
            if not 0 <= time.time() + offset < LATEST:
                raise ValueError('the clock would leave the years 1970 to 9000')
            self._offset = offset
            return self._offset

    def now(self):
        return time.time() + self._offset

    def today(self):
        return datetime.date.fromtimestamp(self.now())

    def today_iso(self):
        return self.today().isoformat()

    def month(self):
        return self.today().strftime('%Y-%m')


def add_months(day, months):
    """The same day ``months`` later, clipped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(text):
    return datetime.date.fromisoformat(text)
