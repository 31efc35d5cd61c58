"""Filter pieces every list shares: free-text search and the owner choice."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from users.visibility import visible_users


def owner_choices(request):
    """Owners the viewer may filter by: the people whose records they see."""
    from users.models import User

    if request is None:
        return User.objects.none()
    return visible_users(request.user)


class SearchFilter(django_filters.CharFilter):
    """`?q=` across several text fields (case-insensitive contains)."""

    def __init__(self, *args, fields: tuple[str, ...], **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return qs.filter(q)
