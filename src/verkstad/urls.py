from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from verkstad.core import views as core_views
from verkstad.search import views as search_views

# Machine endpoints: no language prefix.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/search", search_views.search_api, name="search_api"),
    path("api/insight/", include("verkstad.insight.api_urls")),
]

# People's pages: Swedish at /, English at /en/.
urlpatterns += i18n_patterns(
    path("", include("verkstad.core.urls")),
    path("konto/", include("verkstad.accounts.urls")),
    path("kunskap/", include("verkstad.knowledge.urls")),
    path("sok/", include("verkstad.search.urls")),
    path("insikt/", include("verkstad.insight.urls")),
    path("dialog/", include("verkstad.dialogue.urls")),
    path("underlag/", include("verkstad.briefs.urls")),
    path("traffar/", include("verkstad.workshops.urls")),
    path("paverkan/", include("verkstad.impact.urls")),
    path("delta/", include("verkstad.workshops.live.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "verkstad.core.views.bad_request"
handler403 = "verkstad.core.views.permission_denied"
handler404 = "verkstad.core.views.page_not_found"
handler500 = "verkstad.core.views.server_error"
