"""Choice fields whose options come from rows cached for a few minutes.

A public list's filter form (an events calendar, a registry) draws its taxonomies —
event types, audiences, subjects, municipalities — on every request: four queries,
and two more to validate the chosen values, each costing more to compile and load
than to run (bench/events.py, docs/benchmarks.md). These lists are short and rarely
edited, so their rows are kept in Django's cache (``CACHE_SECONDS``) and dropped when
a row of the model is saved or deleted through the ORM in this process. Another
process, or a bulk write that sends no signals, shows the change within
``CACHE_SECONDS``: an option appearing a few minutes late in a filter is harmless.
Never use these fields for anything that grants access, and do not narrow a field's
queryset per form: the options are those cached under its ``cache_key``.
"""

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save

CACHE_SECONDS = 300
_KEYS: dict[type, set[str]] = {}


def cached_rows(key: str, queryset) -> list:
    """The rows of ``queryset`` (evaluated once per ``CACHE_SECONDS``)."""
    full_key = f"portal-choices:{key}"
    rows = cache.get(full_key)
    if rows is None:
        rows = list(queryset)
        cache.set(full_key, rows, CACHE_SECONDS)
        _watch(queryset.model, full_key)
    return rows


def _watch(model, key: str) -> None:
    """Drop ``key`` when a row of ``model`` is saved or deleted (after the commit, so
    no other request caches the old rows meanwhile)."""
    uid = f"portal-choices:{model._meta.label}"
    post_save.connect(_forget, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_forget, sender=model, dispatch_uid=uid, weak=False)
    _KEYS.setdefault(model, set()).add(key)


def _forget(sender, **kwargs) -> None:
    keys = list(_KEYS.get(sender, ()))
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_all() -> None:
    """Drop every cached list (tests; after a bulk import of a taxonomy)."""
    cache.delete_many([key for keys in _KEYS.values() for key in keys])


class _CachedIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.rows():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.rows()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows())


class _CachedRows:
    iterator = _CachedIterator

    def __init__(self, *args, cache_key: str, **kwargs):
        self.cache_key = cache_key
        self._rows = None
        super().__init__(*args, **kwargs)
        _watch(self.queryset.model, f"portal-choices:{cache_key}")

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy._rows = None  # each form reads the cache once
        return copy

    def rows(self) -> list:
        if self._rows is None:  # the cache unpickles on every read
            self._rows = cached_rows(self.cache_key, self.queryset)
        return self._rows

    def _by_key(self) -> dict[str, object]:
        key = self.to_field_name or "pk"
        return {str(getattr(obj, key)): obj for obj in self.rows()}

    def _invalid(self, value):
        return ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class CachedModelChoiceField(_CachedRows, forms.ModelChoiceField):
    """``ModelChoiceField`` drawn and validated from cached rows."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = getattr(value, self.to_field_name or "pk")
        found = self._by_key().get(str(value).strip())
        if found is None:
            raise self._invalid(value)
        return found


class CachedModelMultipleChoiceField(_CachedRows, forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` drawn and validated from cached rows; the cleaned
    value is a list of instances in the order of the rows."""

    def _check_values(self, value):
        if not isinstance(value, (list, tuple)):
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            )
        by_key = self._by_key()
        chosen = set()
        for item in value:
            if str(item) not in by_key:
                raise self._invalid(item)
            chosen.add(str(item))
        return [obj for key, obj in by_key.items() if key in chosen]

    def clean(self, value):
        value = self.prepare_value(value)
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if not self.required and not value:
            return []
        chosen = self._check_values(value)
        self.run_validators(value)
        return chosen
