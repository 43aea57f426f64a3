"""Shared fixtures: named personas, one per kind of user the permission matrix knows."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.utils import override_settings

from tests.factories import TEST_PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from verkstad.accounts.models import ActorType, Role, User

_test_overrides = override_settings(
    # Tests serve static files from the apps' folders, with no collectstatic step.
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    WHITENOISE_USE_FINDERS=True,
    WHITENOISE_AUTOREFRESH=True,
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
)


def pytest_configure(config: pytest.Config) -> None:
    _test_overrides.enable()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Swedish: a request in English must not leak into the next test."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def participant_per(db: None) -> User:
    """Signed in, no role: a local actor taking part."""
    return UserFactory(email="per@example.se", display_name="Per Deltagare")


@pytest.fixture
def outsider_olle(db: None) -> User:
    """Signed in, a member of another organisation than the one under test."""
    user = UserFactory(email="olle@example.se", display_name="Olle Utanför")
    MembershipFactory(
        user=user,
        organisation=OrganisationFactory(name="Fackförbundet", actor_type=ActorType.FACKFORBUND),
    )
    return user


@pytest.fixture
def research_group(db: None):
    return OrganisationFactory(
        name="NOMP, Mälardalens universitet",
        actor_type=ActorType.FORSKNING,
        municipality_code="1980",
    )


def _with_role(email: str, name: str, role: Role, organisation) -> User:
    user = UserFactory(email=email, display_name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def moderator_maja(research_group) -> User:
    return _with_role("maja@example.se", "Maja Moderator", Role.MODERATOR, research_group)


@pytest.fixture
def facilitator_fia(research_group) -> User:
    return _with_role("fia@example.se", "Fia Facilitator", Role.FACILITATOR, research_group)


@pytest.fixture
def editor_eva(research_group) -> User:
    return _with_role("eva@example.se", "Eva Redaktör", Role.EDITOR, research_group)


@pytest.fixture
def staff_sam(db: None) -> User:
    return UserFactory(email="sam@example.se", display_name="Sam Drift", is_staff=True)


@pytest.fixture
def client_for(client: Client):
    """Return a client signed in as the given user (or anonymous for None)."""

    def _client_for(user: User | None) -> Client:
        if user is not None:
            client.force_login(user)
        return client

    return _client_for
