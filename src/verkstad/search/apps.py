from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "verkstad.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from verkstad.search import sources

        sources.register_knowledge()
