"""A minimal owned model, installed only in tests, to exercise the shared rule."""

from django.db import models

from users.visibility import OwnedModel


class Note(OwnedModel):
    text = models.CharField(max_length=100)

    class Meta:
        app_label = "ownedapp"
