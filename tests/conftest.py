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


#: Rows that ``flush``'s post_migrate signal writes back at once: kept, not rewritten.
_KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission"})


def _quick_flush() -> None:
    """Make the flush after each transactional test cheap, on PostgreSQL above all.

    pytest-django runs ``flush`` after every test that uses ``transactional_db`` or
    ``live_server`` (all the browser tests). Django's flush, measured on the CI machine:

    - On PostgreSQL it is one ``TRUNCATE`` of all ~80 tables, which gives each table, its
      indexes and its TOAST table a new file: 3-6 s a test, most of the PostgreSQL suite's
      time. A test leaves rows in a handful of tables and ``DELETE`` on an empty table
      costs nothing: 0.05-0.5 s. Django's foreign keys are DEFERRABLE INITIALLY DEFERRED
      and the statements run in one transaction, so their order does not matter; sequences
      go on counting, as after TRUNCATE without RESTART IDENTITY. (SQLite already deletes.)
    - Then the post_migrate signal writes back every content type and permission the flush
      removed, some 500 rows, 0.6-1.5 s a test on PostgreSQL. Those two tables are left
      alone instead; post_migrate still runs and still adds whatever is missing.

    With ``reset_sequences`` or ``allow_cascade`` Django's own flush runs unchanged.
    """
    from django.core.management.commands import flush

    django_sql_flush = flush.sql_flush

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return django_sql_flush(
                style, connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        tables = [
            table
            for table in connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
            if table not in _KEPT_BY_FLUSH
        ]
        if connection.vendor == "postgresql":
            return [f"DELETE FROM {connection.ops.quote_name(table)};" for table in tables]
        return connection.ops.sql_flush(style, tables)

    flush.sql_flush = sql_flush


def pytest_configure(config: pytest.Config) -> None:
    _test_overrides.enable()
    _quick_flush()


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
