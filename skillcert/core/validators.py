"""Identity and number validators: resident ID, credit code, mobile, certificate number.

Each validator returns the cleaned value (or a small dataclass describing it) and raises
`django.core.exceptions.ValidationError` with a Chinese message naming the rule that failed
and a stable `code` (R-X-4, R-EXAM-3, R-CERT-1).
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "CertificateNumberParts",
    "ResidentIdInfo",
    "build_certificate_number",
    "certificate_number_validator",
    "credit_code_check_char",
    "credit_code_validator",
    "mobile_validator",
    "resident_id_check_digit",
    "resident_id_validator",
    "validate_certificate_number",
    "validate_credit_code",
    "validate_mobile",
    "validate_resident_id",
]


def _today(today: datetime.date | None) -> datetime.date:
    return today if today is not None else timezone.localdate()


def _clean(value: object) -> str:
    """Full-width characters to ASCII (common with Chinese IMEs), drop spaces, upper-case."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return re.sub(r"\s+", "", text).upper()


# --------------------------------------------------------------------------------------
# Resident identity card number (GB 11643-1999)
# --------------------------------------------------------------------------------------

_RIC_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7, 9, 10, 5, 8, 4, 2, ...
_RIC_CHECK = "10X98765432"

# Province-level prefixes of GB/T 2260 in use since 18-digit numbers exist, plus the
# prefixes of residence permits for Hong Kong, Macao and Taiwan residents (81, 82, 83).
_PROVINCE_PREFIXES = frozenset(
    # 华北, 东北, 华东, 中南, 西南, 西北, 台湾, then the permit prefixes.
    {*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66), 71, 81, 82, 83}
)
_PERMIT_AREAS = {
    "810000": gettext_lazy("香港特别行政区"),
    "820000": gettext_lazy("澳门特别行政区"),
    "830000": gettext_lazy("台湾地区"),
}


@dataclass(frozen=True)
class ResidentIdInfo:
    """A checked resident ID number and what it encodes."""

    number: str
    birth_date: datetime.date
    sex: Literal["M", "F"]
    area_code: str
    area_name: str = ""
    warnings: list[str] = field(default_factory=list)


def resident_id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("resident_id_check_digit needs exactly 17 ASCII digits")
    total = sum(int(c) * w for c, w in zip(first17, _RIC_WEIGHTS, strict=True))
    return _RIC_CHECK[total % 11]


@functools.lru_cache(maxsize=8192)
def _area_name(area_code: str) -> str:
    """Name of a current GB/T 2260 code, or "" when python-stdnum's table does not know it."""
    if area_code in _PERMIT_AREAS:
        return str(_PERMIT_AREAS[area_code])
    try:
        from stdnum import numdb

        props = numdb.get("cn/loc").info(area_code)[0][1]
    except (KeyError, IndexError, LookupError, OSError, ValueError):
        # The table raises on some unknown codes; unknown is only a warning here.
        return ""
    parts = [props.get("province", ""), props.get("prefecture", ""), props.get("county", "")]
    return "".join(p for p in parts if p and p not in {"市辖区", "县"})


def validate_resident_id(value: object, *, today: datetime.date | None = None) -> ResidentIdInfo:
    """Check an 18-character resident ID number (R-EXAM-3).

    Errors: length/format, ISO 7064 MOD 11-2 check digit, birth date (real calendar date,
    not before 1900, not after today). An area code not in the current division table
    (historical codes such as 152102, 满洲里 before 2001) only adds a warning: people keep
    the number they were issued.
    """
    number = _clean(value)
    if not number:
        raise ValidationError(_("身份证号码不能为空"), code="resident_id_required")
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("身份证号码应为18位：15位的第一代身份证号码已停止使用，请填写18位号码"),
            code="resident_id_length",
        )
    if len(number) != 18:
        raise ValidationError(
            _("身份证号码应为18位，实为%(length)d位"),
            code="resident_id_length",
            params={"length": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("身份证号码格式错误：前17位应为数字，第18位应为数字或X"),
            code="resident_id_format",
        )

    expected = resident_id_check_digit(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("身份证号码校验位错误：按 ISO 7064 MOD 11-2 应为 %(expected)s，实为 %(actual)s"),
            code="resident_id_checksum",
            params={"expected": expected, "actual": number[17]},
        )

    raw_date = number[6:14]
    try:
        birth_date = datetime.date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:]))
    except ValueError:
        raise ValidationError(
            _("身份证号码第7-14位出生日期 %(date)s 不是有效日期"),
            code="resident_id_birth_date",
            params={"date": raw_date},
        ) from None
    if birth_date.year < 1900:
        raise ValidationError(
            _("身份证号码出生日期 %(date)s 早于1900年"),
            code="resident_id_birth_date",
            params={"date": birth_date.isoformat()},
        )
    if birth_date > _today(today):
        raise ValidationError(
            _("身份证号码出生日期 %(date)s 晚于今天"),
            code="resident_id_birth_date",
            params={"date": birth_date.isoformat()},
        )

    area_code = number[:6]
    area_name = _area_name(area_code)
    warnings: list[str] = []
    if not area_name:
        if int(area_code[:2]) not in _PROVINCE_PREFIXES:
            warnings.append(
                _("身份证号码前2位 %(prefix)s 不是已知的省级行政区划代码，请核对证件") % {"prefix": area_code[:2]}
            )
        else:
            warnings.append(
                _("身份证号码地址码 %(code)s 不在现行行政区划代码表中（可能是已撤销或调整的旧代码），请核对证件")
                % {"code": area_code}
            )
    sex: Literal["M", "F"] = "M" if int(number[16]) % 2 == 1 else "F"
    return ResidentIdInfo(
        number=number,
        birth_date=birth_date,
        sex=sex,
        area_code=area_code,
        area_name=area_name,
        warnings=warnings,
    )


def resident_id_validator(value: object) -> None:
    """Django field validator (`validators=[resident_id_validator]`); warnings are ignored."""
    validate_resident_id(value)


# --------------------------------------------------------------------------------------
# Unified social credit code (GB 32100-2015)
# --------------------------------------------------------------------------------------

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, ...
# Registration authorities: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教,
# 8 工会, 9 市场监管(工商), A 中央军委改革和编制办公室, N 农业农村, Y 其他.
_CREDIT_AUTHORITIES = frozenset("123456789ANY")


def credit_code_check_char(first17: str) -> str:
    """ISO 7064 MOD 31-3 check character of GB 32100-2015 for the first 17 characters."""
    if len(first17) != 17 or any(c not in CREDIT_CODE_ALPHABET for c in first17):
        raise ValueError("credit_code_check_char needs 17 characters of the code alphabet")
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: object) -> str:
    """Check a unified social credit code (GB 32100-2015) and return it upper-cased.

    Implemented here rather than with `stdnum.cn.uscc`, which insists that the first eight
    characters are digits and so rejects codes whose registration authority is a letter
    (A, N, Y).
    """
    code = _clean(value).replace("-", "")
    if not code:
        raise ValidationError(_("统一社会信用代码不能为空"), code="credit_code_required")
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，实为%(length)d位"),
            code="credit_code_length",
            params={"length": len(code)},
        )
    bad = sorted({c for c in code if c not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符 %(chars)s：只能使用数字和除 I、O、S、V、Z 以外的大写字母"),
            code="credit_code_format",
            params={"chars": "、".join(bad)},
        )
    if code[0] not in _CREDIT_AUTHORITIES:
        raise ValidationError(
            _("统一社会信用代码第1位登记管理部门代码 %(char)s 无效，应为1-9、A、N或Y"),
            code="credit_code_authority",
            params={"char": code[0]},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("统一社会信用代码第3-8位应为6位数字的登记管理机关行政区划码，实为 %(area)s"),
            code="credit_code_area",
            params={"area": code[2:8]},
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验码错误：按 GB 32100-2015 应为 %(expected)s，实为 %(actual)s"),
            code="credit_code_checksum",
            params={"expected": expected, "actual": code[17]},
        )
    return code


def credit_code_validator(value: object) -> None:
    """Django field validator for a unified social credit code."""
    validate_credit_code(value)


# --------------------------------------------------------------------------------------
# Mainland mobile number
# --------------------------------------------------------------------------------------

_MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def validate_mobile(value: object) -> str:
    """Check a mainland mobile number and return its 11 digits.

    Spaces and hyphens are ignored, and a leading +86 / 0086 / 86 country code is dropped.
    """
    number = _clean(value).replace("-", "")
    if not number:
        raise ValidationError(_("手机号码不能为空"), code="mobile_required")
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
            break
    else:
        if len(number) == 13 and number.startswith("86"):
            number = number[2:]
    if not _MOBILE_RE.fullmatch(number):
        raise ValidationError(
            _("手机号码格式错误：应为11位数字，以13-19开头"),
            code="mobile_format",
        )
    return number


def mobile_validator(value: object) -> None:
    """Django field validator for a mainland mobile number."""
    validate_mobile(value)


# --------------------------------------------------------------------------------------
# Vocational skill level certificate number (R-CERT-1)
# --------------------------------------------------------------------------------------

CERTIFICATE_NUMBER_LENGTH = 22
INNER_MONGOLIA_PROVINCE_CODE = "15"


@dataclass(frozen=True)
class CertificateNumberParts:
    """The segments of a 22-character certificate number (R-CERT-1)."""

    number: str
    kind: Literal["Y", "S"]  # Y 用人单位, S 社会培训评价组织
    institution_code: str  # pos 2-5: 0001-9999 filed with the ministry, 0000 with the province
    province_code: str  # pos 6-7
    site_serial: str  # pos 8-13, assigned by the regional department
    year: int  # pos 14-15, as a four-digit year
    level: int  # pos 16, 1 (高级技师) .. 5 (初级工)
    serial: str  # pos 17-22


def validate_certificate_number(value: object, *, today: datetime.date | None = None) -> CertificateNumberParts:
    """Check a certificate number segment by segment (R-CERT-1).

    Every wrong segment is reported, each message naming its positions, e.g.
    "第6-7位省份代码应为15，实为14". The year of issue may not lie in the future.
    """
    number = _clean(value)
    if not number:
        raise ValidationError(_("证书编号不能为空"), code="certificate_number_required")
    if len(number) != CERTIFICATE_NUMBER_LENGTH:
        raise ValidationError(
            _("证书编号应为22位，实为%(length)d位"),
            code="certificate_number_length",
            params={"length": len(number)},
        )

    errors: list[ValidationError] = []

    def fail(message: str, code: str, **params: object) -> None:
        errors.append(ValidationError(message, code=code, params=params))

    kind, institution, province = number[0], number[1:5], number[5:7]
    site, year, level, serial = number[7:13], number[13:15], number[15], number[16:22]
    if kind not in ("Y", "S"):
        fail(
            _("第1位应为Y（用人单位）或S（社会培训评价组织），实为%(value)s"),
            "certificate_number_kind",
            value=kind,
        )
    if not institution.isdigit():
        fail(
            _("第2-5位机构代码应为4位数字（0000-9999），实为%(value)s"),
            "certificate_number_institution",
            value=institution,
        )
    if province != INNER_MONGOLIA_PROVINCE_CODE:
        fail(
            _("第6-7位省份代码应为15，实为%(value)s"),
            "certificate_number_province",
            value=province,
        )
    if not site.isdigit() or site == "000000":
        fail(
            _("第8-13位站点序号应为000001-999999，实为%(value)s"),
            "certificate_number_site",
            value=site,
        )
    full_year = 0
    if not year.isdigit():
        fail(_("第14-15位年份应为2位数字，实为%(value)s"), "certificate_number_year", value=year)
    else:
        full_year = 2000 + int(year)
        current = _today(today).year
        if full_year > current:
            fail(
                _("第14-15位年份%(value)s（%(year)d年）晚于今年（%(current)d年）"),
                "certificate_number_year",
                value=year,
                year=full_year,
                current=current,
            )
    if level not in "12345":
        fail(
            _("第16位等级应为1-5（1为高级技师，5为初级工），实为%(value)s"),
            "certificate_number_level",
            value=level,
        )
    if not serial.isdigit() or serial == "000000":
        fail(
            _("第17-22位流水号应为000001-999999，实为%(value)s"),
            "certificate_number_serial",
            value=serial,
        )
    if errors:
        raise ValidationError(errors)
    return CertificateNumberParts(
        number=number,
        kind="Y" if kind == "Y" else "S",
        institution_code=institution,
        province_code=province,
        site_serial=site,
        year=full_year,
        level=int(level),
        serial=serial,
    )


def certificate_number_validator(value: object) -> None:
    """Django field validator for a certificate number."""
    validate_certificate_number(value)


def build_certificate_number(
    *,
    kind: Literal["Y", "S"],
    institution_code: str,
    site_serial: int | str,
    year: int,
    level: int,
    serial: int,
) -> str:
    """Compose a certificate number from its segments and check it (R-CERT-1).

    The allocator (certificates app) owns uniqueness; this only formats and validates.
    """
    number = (
        f"{kind}{institution_code:0>4}{INNER_MONGOLIA_PROVINCE_CODE}{int(site_serial):06d}"
        f"{year % 100:02d}{level}{serial:06d}"
    )
    validate_certificate_number(number, today=datetime.date(max(year, 1), 12, 31))
    return number
