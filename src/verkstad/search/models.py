"""The search index: one row per language version of each thing to find.

The rows are derived data: ``verkstad search-reindex`` can always rebuild them from the
registered document sources (:mod:`verkstad.search.registry`). The keyword index
beside the table depends on the database (migration 0002):

- SQLite: an FTS5 table ``search_fts`` over ``title_stems``, ``body_stems`` and
  ``filter_tags`` (a generated column: type, language and facets as tokens, for filters)
  (external content, kept in step by triggers on this table), migrations 0002 and 0004;
- PostgreSQL: a stored generated ``tsvector`` column ``search_vector`` (``swedish`` or
  ``english`` by ``lang``; title weight A, body B) with a GIN index.

A later migration that rebuilds this table on SQLite (Django does for most column
changes) drops the triggers and the generated ``filter_tags`` column: recreate them in the
same migration (``verkstad.search.backends.sqlite_install``). The drift check in the
tests notices.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    doc_type = models.CharField(_("type"), max_length=40)
    object_id = models.CharField(_("key"), max_length=64)
    lang = models.CharField(_("language"), max_length=2)
    slug = models.CharField(_("slug"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    facets = models.TextField(_("facets"), blank=True)
    title_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)
    passage = models.TextField(_("text to embed"), blank=True)
    content_hash = models.CharField(max_length=64)
    embedding = models.BinaryField(null=True, blank=True)
    embedding_model = models.CharField(max_length=100, blank=True)
    embedding_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "object_id", "lang"], name="search_document_unique"
            )
        ]
        indexes = [
            models.Index(fields=["embedding_hash"], name="search_document_embedded"),
            # Covering: the type, key, language and facets of up to 500 candidates per
            # search are read from this index alone, not from the wide rows.
            models.Index(
                fields=["id", "doc_type", "lang", "object_id", "facets"],
                name="search_document_meta",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id}:{self.lang}"


class SearchIndexState(models.Model):
    """One row: a counter raised on every index change, so each process knows when
    its in-memory copy of the embeddings is out of date."""

    generation = models.PositiveBigIntegerField(default=0)
    #: Random, new on every change: a rolled-back change cannot repeat a generation's token.
    token = models.CharField(max_length=32, blank=True)

    class Meta:
        db_table = "search_index_state"
        verbose_name = _("search index state")
        verbose_name_plural = _("search index state")

    def __str__(self) -> str:
        return f"generation {self.generation}"
