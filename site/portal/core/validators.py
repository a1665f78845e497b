"""Checksums of Russian registration numbers (ИНН, ОГРН) and codes (ОКТМО)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    if not re.fullmatch(r"\d{10}|\d{12}", value or ""):
        return False
    if len(value) == 10:
        return _check_digit(value, _INN10_WEIGHTS) == int(value[9])
    return _check_digit(value, _INN12_WEIGHTS_1) == int(value[10]) and _check_digit(
        value, _INN12_WEIGHTS_2
    ) == int(value[11])


def ogrn_is_valid(value: str) -> bool:
    if re.fullmatch(r"\d{13}", value or ""):
        return int(value[:12]) % 11 % 10 == int(value[12])
    if re.fullmatch(r"\d{15}", value or ""):  # ОГРНИП
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


def validate_inn(value: str) -> None:
    if not inn_is_valid(value):
        raise ValidationError(
            _(
                "ИНН «%(value)s» неверен: нужно 10 или 12 цифр с верной контрольной суммой."
            ),
            params={"value": value},
            code="invalid_inn",
        )


def validate_ogrn(value: str) -> None:
    if not ogrn_is_valid(value):
        raise ValidationError(
            _("ОГРН «%(value)s» неверен: нужно 13 цифр с верной контрольной суммой."),
            params={"value": value},
            code="invalid_ogrn",
        )


def validate_oktmo(value: str) -> None:
    if not re.fullmatch(r"\d{8}|\d{11}", value or ""):
        raise ValidationError(
            _("Код ОКТМО «%(value)s» должен состоять из 8 или 11 цифр."),
            params={"value": value},
            code="invalid_oktmo",
        )
