"""An Atom feed of published findings, newest change first, in the page's language."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from verkstad.knowledge.models import Finding
from verkstad.knowledge.selectors import feed_findings


class FindingFeed(Feed):
    feed_type = Atom1Feed
    author_name = "NOMP, Mälardalens universitet"

    def title(self) -> str:
        return _("Verkstad: research findings")

    def subtitle(self) -> str:
        return _("Findings on digitalization in the steel industry, published and updated.")

    def link(self) -> str:
        return reverse("knowledge:finding_list")

    def feed_url(self) -> str:
        return reverse("knowledge:finding_feed")

    def items(self) -> QuerySet[Finding]:
        return feed_findings().prefetch_related("themes")

    def item_title(self, item: Finding) -> str:
        return item.title

    def item_description(self, item: Finding) -> str:
        return item.claim

    def item_link(self, item: Finding) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Finding) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Finding) -> datetime:
        return item.updated_at

    def item_categories(self, item: Finding) -> list[str]:
        return [theme.title for theme in item.themes.all()]
