# Same numbers and short dates as English; only the long forms read in Chinese.
from config.formats.en.formats import *  # noqa: F403

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
