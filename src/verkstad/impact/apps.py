from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "verkstad.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from verkstad.impact import privacy, sources

        privacy.connect()
        sources.connect()
