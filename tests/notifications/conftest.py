import pytest

from tests.notifications.robot_server import serve


@pytest.fixture
def robots():
    yield from serve()
