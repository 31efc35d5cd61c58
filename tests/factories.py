import factory
from factory.django import DjangoModelFactory

from users.models import Role, Team, User


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.SALESPERSON
    password = factory.django.Password("secret-pass-123")

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True


class ManagerFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    role = Role.MANAGER

    @factory.post_generation
    def manages(self, create, extracted, **kwargs):
        if create and extracted:
            for team in extracted:
                team.managers.add(self)


class AdminFactory(UserFactory):
    role = Role.ADMIN
