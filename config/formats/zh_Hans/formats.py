# Same numbers and inputs as English; dates read 2026年12月4日 14:30, and
# 12月4日 14:30 within the current year (users/moments.py drops the year).
from config.formats.en.formats import *  # noqa: F403

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "n月j日"
