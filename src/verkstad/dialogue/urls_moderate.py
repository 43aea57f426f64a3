"""URLs for moderation, import, export and seeding (see ``views.moderate``).

The addresses without a slug come before the taking-part pages' ``<slug>/``; the slugs they
use are reserved (``polis_io.RESERVED_SLUGS``).
"""

from django.urls import path

from verkstad.dialogue.views import moderate

urlpatterns = [
    path("moderera/", moderate.moderation_overview_view, name="moderation_overview"),
    path("importera/", moderate.conversation_import, name="conversation_import"),
    path("<slug:slug>/moderera/", moderate.moderation_queue_view, name="moderation_queue"),
    path("<slug:slug>/export.zip", moderate.conversation_export, name="conversation_export"),
    path("<slug:slug>/startpastaenden/", moderate.statement_seed, name="statement_seed"),
]
