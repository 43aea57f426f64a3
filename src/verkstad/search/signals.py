"""Signal handlers that turn content changes into index refreshes after commit.

Each hook's model sends ``post_save`` and ``pre_delete`` (before the row goes, while
its relations can still be read); the hook's many-to-many ``through`` models send
``m2m_changed``. Every handler only *schedules* ``(type, key)`` pairs
(:func:`verkstad.search.services.index_schedule`); the work happens once per
transaction, after it commits, in a background task.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_save, pre_delete

from verkstad.search.registry import Ref, SignalHook


def _schedule(refs: list[Ref]) -> None:
    from verkstad.search.services import index_schedule

    if refs:
        index_schedule(refs)


def _m2m_refs(hook: SignalHook, through: Any, instance: Any, reverse: bool, pk_set: Any) -> list:
    if not reverse:
        return list(hook.refs(instance))
    if pk_set is None:  # clear() from the other side: read the rows about to go
        own = next(f for f in through._meta.fields if f.related_model is hook.model)
        other = next(
            f
            for f in through._meta.fields
            if f.is_relation and f.related_model is type(instance) and f is not own
        )
        pk_set = through.objects.filter(**{other.attname: instance.pk}).values_list(
            own.attname, flat=True
        )
    return [ref for pk in pk_set for ref in hook.refs(hook.model(pk=pk))]


def hook_connect(hook: SignalHook) -> None:
    uid = f"verkstad.search:{hook.model._meta.label}:{id(hook)}"

    def saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:  # fixtures load raw rows; reindex after them
            _schedule(list(hook.refs(instance)))

    def deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
        _schedule(list(hook.refs(instance)))

    post_save.connect(saved, sender=hook.model, dispatch_uid=uid + ":save", weak=False)
    pre_delete.connect(deleting, sender=hook.model, dispatch_uid=uid + ":delete", weak=False)
    for through in hook.m2m:

        def changed(
            sender: Any,
            instance: Any,
            action: str,
            reverse: bool,
            pk_set: Any = None,
            through: Any = through,
            **kwargs: Any,
        ) -> None:
            if action in {"post_add", "post_remove", "pre_clear"}:
                _schedule(_m2m_refs(hook, through, instance, reverse, pk_set))

        m2m_changed.connect(
            changed,
            sender=through,
            dispatch_uid=f"{uid}:m2m:{through._meta.label}",
            weak=False,
        )
