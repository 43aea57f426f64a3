from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "verkstad.insight"
    label = "insight"
    verbose_name = _("Local insight")

    def ready(self) -> None:
        from verkstad.insight.search_source import register_occupations

        register_occupations()
