"""Synonyms edited in the admin (SearchSynonym), applied at query time: no rebuild needed.

Seeded by migration with the portal's known variants (ЦНППМ ≈ ЦНППМПР, ИОМ ≈ …).
"""

from django.core.cache import cache

from . import analysis

CACHE_KEY = "portal-search-synonyms"


def current_synonyms():
    synonyms = cache.get(CACHE_KEY)
    if synonyms is None:
        from .models import SearchSynonym

        groups = [s.phrase_list for s in SearchSynonym.objects.all()]
        synonyms = analysis.SynonymSet(groups)
        cache.set(CACHE_KEY, synonyms, 300)
    return synonyms


def invalidate(*args, **kwargs) -> None:
    cache.delete(CACHE_KEY)
