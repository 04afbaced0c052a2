import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher

PASSWORD = "right-horse-battery"


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True
    )


@pytest.fixture
def hashes(monkeypatch):
    """Every password hash computed from now on."""
    computed = []
    original = PBKDF2PasswordHasher.encode

    def counting(self, *args, **kwargs):
        computed.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", counting)
    return computed
