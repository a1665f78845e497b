"""Finding the organisation a spreadsheet names, the way people write it.

«МБОУ СОШ № 5», «СОШ №5», «Средняя школа № 5 г. Заречный», «5» or «3664012345» all find
the same school: by ИНН or ОГРН; by the full name, short name or one of its aliases
(case, spacing, quotes and ё ignored); or by the school number within a municipality
(the row's «Муниципалитет», else the only municipality the user works in). A name that
fits several organisations, or one outside the user's territory, is an error naming
the candidates — never a guess.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.core.models import Organisation, Territory
from portal.permissions.policy import Scope

from .engine import RowProblem
from .normalise import key, text

_QUOTES = re.compile(r"[\"']")
_NUMBER_SIGN = re.compile(r"№\s*")


def name_key(label) -> str:
    """key() without quotes and with «№5» = «№ 5»: names as people type them."""
    return " ".join(_NUMBER_SIGN.sub("№ ", _QUOTES.sub(" ", key(label))).split())


_NUMBER = re.compile(
    r"(?:№|n|no|номер)\s*(\d+[а-яa-z]?)\b|^(\d+[а-я]?)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Known:
    pk: int
    name: str
    region_id: int
    municipality_id: int | None


class OrganisationMatcher:
    def __init__(self, scope: Scope, organisations, municipalities):
        self.scope = scope
        self.found: dict[tuple, Known | RowProblem] = {}
        self.by_pk: dict[int, Known] = {}
        self.by_code: dict[str, Known] = {}
        self.by_name: dict[str, list[Known]] = {}
        self.by_number: dict[tuple[int, str], list[Known]] = {}
        for (
            pk,
            name,
            short,
            aliases,
            number,
            inn,
            ogrn,
            region,
            municipality,
        ) in organisations:
            known = Known(pk, name, region, municipality)
            self.by_pk[pk] = known
            for code in (inn, ogrn):
                if code:
                    self.by_code[code] = known
            for label in {
                name_key(n) for n in (name, short, *aliases.splitlines()) if n.strip()
            }:
                self.by_name.setdefault(label, []).append(known)
            if number and municipality:
                self.by_number.setdefault((municipality, key(number)), []).append(known)
        self.municipalities: dict[str, int] = {}
        self.municipality_names: dict[int, str] = {}
        for pk, name, short in municipalities:
            self.municipality_names[pk] = name
            for label in (name, short):
                if label:
                    self.municipalities[key(label)] = pk

    @classmethod
    def load(cls, scope: Scope) -> "OrganisationMatcher":
        organisations = Organisation.objects.values_list(
            "pk", "name", "short_name", "aliases", "number", "inn", "ogrn",
            "region_id", "municipality_id",
        )  # fmt: skip
        municipalities = Territory.objects.filter(kind="municipality").values_list(
            "pk", "name", "short_name"
        )
        return cls(scope, list(organisations), list(municipalities))

    def in_scope(self, pk: int) -> bool:
        known = self.by_pk.get(pk)
        return known is not None and self.scope.covers(
            known.region_id, known.municipality_id, known.pk
        )

    def find(self, value, municipality_value=None) -> Known:
        """The organisation a cell names, or RowProblem(field="organisation"); each
        distinct pair of cells is looked up once (a file names the same schools over
        and over)."""
        cell = (value, municipality_value)
        if cell not in self.found:
            try:
                self.found[cell] = self._find(value, municipality_value)
            except RowProblem as problem:
                self.found[cell] = problem
        result = self.found[cell]
        if isinstance(result, RowProblem):
            raise RowProblem(result.message, result.field)
        return result

    def _find(self, value, municipality_value=None) -> Known:
        shown = text(value)
        municipality = self.municipality(municipality_value)
        digits = re.sub(r"\D", "", shown)
        found: list[Known] = []
        if digits == shown.replace(" ", "") and len(digits) in (10, 12, 13, 15):
            found = [self.by_code[digits]] if digits in self.by_code else []
        if not found:
            found = self.by_name.get(name_key(shown), [])
            if municipality is not None and len(found) > 1:
                found = [k for k in found if k.municipality_id == municipality]
        if not found:
            found = self._by_number(shown, municipality)
        if not found:
            raise RowProblem(
                _(
                    "Организация «%(value)s» не найдена в реестре. Укажите её ИНН или "
                    "наименование, как в реестре организаций портала."
                )  # fmt: skip
                % {"value": shown},
                "organisation",
            )
        if len(found) > 1:
            raise RowProblem(
                _(
                    "«%(value)s» подходит к нескольким организациям: %(names)s. Укажите ИНН "
                    "или заполните столбец «Муниципалитет»."
                )  # fmt: skip
                % {"value": shown, "names": "; ".join(k.name for k in found[:4])},
                "organisation",
            )
        known = found[0]
        if not self.in_scope(known.pk):
            raise RowProblem(
                _(
                    "Организация «%(name)s» не относится к вашей территории: её данные "
                    "загружает её муниципалитет или регион."
                )  # fmt: skip
                % {"name": known.name},
                "organisation",
            )
        return known

    def municipality(self, value) -> int | None:
        if not text(value):
            return None
        wanted = key(value)
        pk = self.municipalities.get(wanted)
        if pk is None:  # «Заречный» for «Заречный муниципальный район»
            matches = {
                p
                for label, p in self.municipalities.items()
                if label.split()[0] == wanted
            }
            pk = matches.pop() if len(matches) == 1 else None
        if pk is None:
            raise RowProblem(
                _("Муниципалитет «%(value)s» не найден.") % {"value": text(value)},
                "municipality",
            )
        return pk

    def _by_number(self, shown: str, municipality: int | None) -> list[Known]:
        match = _NUMBER.search(shown)
        if not match:
            return []
        number = key(match.group(1) or match.group(2))
        if municipality is None:
            own = self.scope.municipalities
            if len(own) != 1:
                return []
            municipality = next(iter(own))
        return self.by_number.get((municipality, number), [])
