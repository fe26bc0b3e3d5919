"""等保 level-3 password rules: complexity and change period, both read from the policy table (R-X-2)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.policy import get_policy

MAX_LENGTH = 128
"""Upper bound so a pasted novel cannot make the password hasher a denial-of-service lever."""

CLASS_LABELS = {
    "upper": gettext_lazy("大写字母"),
    "lower": gettext_lazy("小写字母"),
    "digit": gettext_lazy("数字"),
    "symbol": gettext_lazy("特殊符号"),
}


def character_classes(password: str) -> set[str]:
    """Which of the four classes occur: A-Z, a-z, 0-9, and anything else (punctuation, spaces, other scripts)."""
    found: set[str] = set()
    for ch in password:
        if "A" <= ch <= "Z":
            found.add("upper")
        elif "a" <= ch <= "z":
            found.add("lower")
        elif "0" <= ch <= "9":
            found.add("digit")
        else:
            found.add("symbol")
    return found


class ComplexityValidator:
    """Minimum length and minimum number of character classes (R-X-2, 等保 level 3).

    The numbers come from the policy keys ``password.min_length`` and ``password.min_classes``
    at validation time, so the region administrator's changes apply at once. Passing them to
    the constructor (``OPTIONS`` in AUTH_PASSWORD_VALIDATORS) pins them instead.
    """

    def __init__(self, min_length: int | None = None, min_classes: int | None = None) -> None:
        self._min_length = min_length
        self._min_classes = min_classes

    @property
    def min_length(self) -> int:
        return int(self._min_length if self._min_length is not None else get_policy("password.min_length"))

    @property
    def min_classes(self) -> int:
        value = self._min_classes if self._min_classes is not None else get_policy("password.min_classes")
        return max(1, min(4, int(value)))

    def validate(self, password: str, user: Any = None) -> None:
        errors: list[ValidationError] = []
        min_length = self.min_length
        if len(password) < min_length:
            errors.append(
                ValidationError(
                    _("密码长度至少为 %(min)d 个字符（当前 %(n)d 个）。"),
                    code="password_too_short",
                    params={"min": min_length, "n": len(password)},
                )
            )
        if len(password) > MAX_LENGTH:
            errors.append(
                ValidationError(
                    _("密码长度不能超过 %(max)d 个字符。"), code="password_too_long", params={"max": MAX_LENGTH}
                )
            )
        found = character_classes(password)
        min_classes = self.min_classes
        if len(found) < min_classes:
            present = "、".join(str(CLASS_LABELS[c]) for c in CLASS_LABELS if c in found) or _("无")
            errors.append(
                ValidationError(
                    _(
                        "密码须包含大写字母、小写字母、数字、特殊符号四类字符中的至少 %(min)d 类"
                        "（当前只有 %(n)d 类：%(present)s）。"
                    ),
                    code="password_too_simple",
                    params={"min": min_classes, "n": len(found), "present": present},
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("密码至少 %(min)d 个字符，且包含大写字母、小写字母、数字、特殊符号中的至少 %(classes)d 类。") % {
            "min": self.min_length,
            "classes": self.min_classes,
        }


def change_period_help() -> str:
    return _("密码每 %(days)d 天须修改一次。") % {"days": int(get_policy("password.max_age_days"))}


# Without look-alikes (0/O, 1/l/I) so a password read out over the phone is typed right first time.
_GENERATED_CLASSES = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+=@$!?*")
GENERATED_MIN_LENGTH = 14


def generate_password() -> str:
    """A random initial password meeting the complexity policy, all four classes (R-X-2).

    For accounts an administrator opens: the holder must change it at first login.
    """
    length = max(GENERATED_MIN_LENGTH, int(get_policy("password.min_length")))
    chars = [secrets.choice(cls) for cls in _GENERATED_CLASSES]
    alphabet = "".join(_GENERATED_CLASSES)
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    # Shuffle with the CSPRNG too, so the first four characters are not one of each class in order.
    for i in range(len(chars) - 1, 0, -1):
        j = secrets.randbelow(i + 1)
        chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)
