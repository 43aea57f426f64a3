"""factory_boy factories, one per model."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from verkstad.accounts.models import ActorType, Consent, Membership, Organisation, User

TEST_PASSWORD = "ett-langt-testlosen-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    display_name = factory.Faker("name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    actor_type = ActorType.KOMMUN
    municipality_code = "2081"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ""


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    user = factory.SubFactory(UserFactory)
    purpose = "privacy_notice"
    version = "2026-11"


# --- dialogue -----------------------------------------------------------------------------


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dialogue.Conversation"

    slug = factory.Sequence(lambda n: f"samtal-{n}")
    topic_sv = factory.Sequence(lambda n: f"Vilka jobb försvinner i bruksorten? ({n})")
    topic_en = factory.Sequence(lambda n: f"Which jobs disappear in the steel town? ({n})")
    description_sv = "Ta ställning till påståendena och se var grupperna är överens."
    description_en = "React to the statements and see where the groups agree."


class DialogueParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dialogue.Participant"

    conversation = factory.SubFactory(ConversationFactory)
    number = factory.Sequence(lambda n: n)
    anonymous_key = factory.Faker("uuid4", cast_to=None)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dialogue.Statement"

    conversation = factory.SubFactory(ConversationFactory)
    number = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Kommunen behöver planera för nya yrken nummer {n}.")
    language = "sv"
    status = "accepted"


# --- workshops ----------------------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Meeting"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"traff-{n}")
    title_sv = factory.Sequence(lambda n: f"Kompetens i bruksorten ({n})")
    title_en = factory.Sequence(lambda n: f"Skills in the steel town ({n})")
    description_sv = "Vi går igenom vad forskningen säger om nya yrken."
    description_en = "We go through what the research says about new occupations."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    place = "Folkets hus, Borlänge"
    status = "published"

    @factory.post_generation
    def organisers(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.organisers.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Registration"

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    status = "confirmed"


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.FollowUpAction"

    meeting = factory.SubFactory(MeetingFactory)
    what = factory.Sequence(lambda n: f"Ta fram en lista över kurser ({n})")
    owner = factory.SubFactory(OrganisationFactory)
