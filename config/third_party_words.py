"""Words of installed packages that ship no Simplified Chinese, translated here.

django-axes names its records in English only; listing its msgids here puts
them in the project's catalogue, which Django reads before the packages'
own, so the admin reads 访问尝试 instead of "Access attempts". Nothing
imports this module: it exists for `makemessages`.
"""

from django.utils.translation import gettext_noop

AXES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)
