from django.apps import AppConfig


class OwnedappConfig(AppConfig):
    name = "tests.ownedapp"
    label = "ownedapp"
