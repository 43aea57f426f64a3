from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "verkstad.workshops"
    label = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from verkstad.briefs.assemble import section_provider_register
        from verkstad.workshops import privacy
        from verkstad.workshops.brief import workshop_actions_section
        from verkstad.workshops.live import board  # noqa: F401  (registers the live renderers)

        privacy.connect()
        section_provider_register(workshop_actions_section, before="questions_section")
