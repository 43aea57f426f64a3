from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "verkstad.dialogue"
    label = "dialogue"
    verbose_name = _("Dialogue")

    def ready(self) -> None:
        from verkstad.dialogue import wiring

        wiring.connect()
