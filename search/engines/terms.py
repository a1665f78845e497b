"""The vocabulary of the embedded index, for typo correction (search.analysis.TypoCorrector).

Terms are only ever added: a stale term can at worst propose a correction that finds
nothing, which the engine then ignores. The corrector is kept per process and grows
incrementally from the rows added since it was built.
"""

from django.db import models

from .. import analysis

_state: dict = {"corrector": None, "count": -1, "max_id": 0}


def record_terms(terms: set[str]) -> None:
    from ..models import EmbeddedTerm

    if terms:
        EmbeddedTerm.objects.bulk_create(
            [EmbeddedTerm(term=t[:100]) for t in terms if len(t) >= 4],
            ignore_conflicts=True,
            batch_size=1000,
        )


def corrector():
    """The process's TypoCorrector, topped up with terms added since the last call.

    Rebuilt from scratch when the table no longer extends what it was built from
    (rows removed or ids reused, e.g. after a restore).
    """
    from ..models import EmbeddedTerm

    stats = EmbeddedTerm.objects.aggregate(n=models.Count("id"), m=models.Max("id"))
    count, max_id = stats["n"], stats["m"] or 0
    known_count, known_max = _state["count"], _state["max_id"]
    if (count, max_id) == (known_count, known_max) and _state["corrector"] is not None:
        return _state["corrector"]
    new_rows = EmbeddedTerm.objects.filter(id__gt=known_max)
    if (
        _state["corrector"] is not None
        and max_id > known_max
        and new_rows.count() == count - known_count
    ):
        _state["corrector"].add(new_rows.values_list("term", flat=True))
    else:
        _state["corrector"] = analysis.TypoCorrector(
            EmbeddedTerm.objects.values_list("term", flat=True)
        )
    _state.update(count=count, max_id=max_id)
    return _state["corrector"]
