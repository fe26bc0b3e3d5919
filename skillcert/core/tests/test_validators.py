"""Identity and number validators (R-EXAM-3, R-CERT-1, R-X-4)."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from skillcert.core.masking import mask_id_number, mask_mobile, mask_name
from skillcert.core.validators import (
    CREDIT_CODE_ALPHABET,
    build_certificate_number,
    certificate_number_validator,
    credit_code_check_char,
    resident_id_check_digit,
    resident_id_validator,
    validate_certificate_number,
    validate_credit_code,
    validate_mobile,
    validate_resident_id,
)

TODAY = datetime.date(2025, 11, 26)


def ric(first17: str) -> str:
    """A resident ID number with its correct check digit."""
    return first17 + resident_id_check_digit(first17)


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(m) for m in exc.value.messages]


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> list[str | None]:
    return [e.code for e in exc.value.error_list]


# ---------------------------------------------------------------- resident ID number


def test_check_digit_agrees_with_python_stdnum() -> None:
    rng = random.Random(20251126)
    for _ in range(2000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert resident_id_check_digit(first17) == stdnum_ric.calc_check_digit(first17 + "0")


def test_valid_number_is_decoded() -> None:
    number = ric("15010219900307123")
    assert number == "150102199003071237"
    info = validate_resident_id(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == datetime.date(1990, 3, 7)
    assert info.sex == "M"  # 17th digit 3 is odd
    assert info.area_code == "150102"
    assert info.area_name == "内蒙古自治区呼和浩特市新城区"
    assert info.warnings == []


def test_even_sequence_digit_is_female() -> None:
    info = validate_resident_id(ric("15020319851120002"), today=TODAY)
    assert info.sex == "F"
    assert info.birth_date == datetime.date(1985, 11, 20)


def test_lowercase_x_and_full_width_input_are_normalised() -> None:
    # Find a real-format number whose check character is X.
    first17 = next(
        f"15010219900307{seq:03d}" for seq in range(1000) if resident_id_check_digit(f"15010219900307{seq:03d}") == "X"
    )
    assert validate_resident_id(first17 + "x", today=TODAY).number == first17 + "X"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in first17) + "ｘ"
    assert validate_resident_id(f" {full_width} ", today=TODAY).number == first17 + "X"


def test_wrong_check_digit_names_the_expected_one() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_resident_id("150102199003071234", today=TODAY)
    assert codes(exc) == ["resident_id_checksum"]
    assert messages(exc) == ["身份证号码校验位错误：按 ISO 7064 MOD 11-2 应为 7，实为 4"]


@pytest.mark.parametrize(
    ("birth", "fragment"),
    [
        ("19900230", "19900230 不是有效日期"),  # 30 February
        ("19000229", "19000229 不是有效日期"),  # 1900 was not a leap year
        ("19901301", "19901301 不是有效日期"),
        ("18991231", "早于1900年"),
        ("20251127", "晚于今天"),  # one day after TODAY
    ],
)
def test_impossible_birth_dates_are_rejected(birth: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(ric(f"150102{birth}123"), today=TODAY)
    assert codes(exc) == ["resident_id_birth_date"]
    assert fragment in messages(exc)[0]


def test_leap_day_and_today_are_accepted() -> None:
    assert validate_resident_id(ric("15010220000229002"), today=TODAY).birth_date == datetime.date(2000, 2, 29)
    assert validate_resident_id(ric("15010220251126002"), today=TODAY).birth_date == TODAY


def test_historical_area_code_is_a_warning_not_an_error() -> None:
    # 152102 was 满洲里's code before 呼伦贝尔盟 became a prefecture-level city (now 150781).
    info = validate_resident_id(ric("15210219800101001"), today=TODAY)
    assert info.area_code == "152102"
    assert info.area_name == ""
    assert len(info.warnings) == 1
    assert "152102" in info.warnings[0]
    assert validate_resident_id(ric("15078119800101001"), today=TODAY).warnings == []


def test_unknown_province_prefix_is_a_warning() -> None:
    info = validate_resident_id(ric("99010219800101001"), today=TODAY)
    assert "99" in info.warnings[0]


def test_hong_kong_residence_permit_prefix_has_no_warning() -> None:
    info = validate_resident_id(ric("81000019800101001"), today=TODAY)
    assert info.area_name == "香港特别行政区"
    assert info.warnings == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "resident_id_required"),
        (None, "resident_id_required"),
        ("15010219900307123", "resident_id_length"),
        ("1501021990030712377", "resident_id_length"),
        ("150102900307123", "resident_id_length"),  # first-generation 15-digit number
        ("15010219900307A237", "resident_id_format"),
        ("15010219900307123Y", "resident_id_format"),
    ],
)
def test_malformed_numbers(value: str | None, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(value, today=TODAY)
    assert codes(exc) == [code]


def test_fifteen_digit_number_message_asks_for_eighteen() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_resident_id("150102900307123", today=TODAY)
    assert "18位" in messages(exc)[0] and "15位" in messages(exc)[0]


def test_plain_django_validator() -> None:
    resident_id_validator(ric("15010219900307123"))
    with pytest.raises(ValidationError):
        resident_id_validator("150102199003071234")


# ---------------------------------------------------------------- unified social credit code

# Published codes: the Inner Mongolia one appears on a company notice (扎兰屯市, 150781);
# the others are from the list collected in python-stdnum issue #207 (信用中国 red list,
# Tencent, Sinopec, Baosteel) and hutool's CreditCodeUtilTest. 1212... is a 机构编制
# (authority 1) code, the rest are 市场监管 (authority 9) codes.
REAL_CREDIT_CODES = [
    "91150781MA0RRY87XR",
    "121200004013590816",
    "9144030071526726XG",
    "91110000710926094P",
    "91310000631696382C",
    "91110000600037341L",
    "9144060573144633XL",
    "91420684MA4927PJ7B",
    "913505007821784439",
    "91310110666007217T",
]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_pass(code: str) -> None:
    assert validate_credit_code(code) == code
    assert validate_credit_code(f" {code.lower()[:9]} {code[9:]} ") == code


def test_check_char_agrees_with_python_stdnum_on_digit_first_codes() -> None:
    rng = random.Random(32100)
    for _ in range(2000):
        head = rng.choice("159") + rng.choice("123") + "".join(rng.choice("0123456789") for _ in range(6))
        body = "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
        assert credit_code_check_char(head + body) == stdnum_uscc.calc_check_digit(head + body)


@pytest.mark.parametrize("head", ["Y1150100", "N2150102", "A1110000"])
def test_letter_first_codes_pass(head: str) -> None:
    # Registration authorities Y (其他), N (农业农村), A (军队编制). python-stdnum insists the
    # first eight characters are digits and rejects these; GB 32100-2015 allows letters.
    first17 = head + "MA0ABC12X"
    code = first17 + credit_code_check_char(first17)
    assert validate_credit_code(code) == code
    assert not stdnum_uscc.is_valid(code)


def test_wrong_check_char_names_the_expected_one() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91150781MA0RRY87XA")
    assert codes(exc) == ["credit_code_checksum"]
    assert messages(exc) == ["统一社会信用代码校验码错误：按 GB 32100-2015 应为 R，实为 A"]


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("", "credit_code_required", "不能为空"),
        ("91150781MA0RRY87X", "credit_code_length", "实为17位"),
        ("91150781MA0RRY87IR", "credit_code_format", "I"),
        ("91150781MA0RRY8SXR", "credit_code_format", "S"),
        ("Z1150781MA0RRY87XR", "credit_code_format", "Z"),
        ("B1150781MA0RRY87XR", "credit_code_authority", "第1位"),
        ("0115078100000000XR", "credit_code_authority", "第1位"),
        ("9115A781MA0RRY87XR", "credit_code_area", "第3-8位"),
    ],
)
def test_malformed_credit_codes(value: str, code: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(value)
    assert codes(exc) == [code]
    assert fragment in messages(exc)[0]


# ---------------------------------------------------------------- mobile


@pytest.mark.parametrize(
    "value",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "008613812345678",
        "8613812345678",
        "１３８１２３４５６７８",
        "19912345678",
    ],
)
def test_valid_mobiles_are_cleaned(value: str) -> None:
    expected = "19912345678" if value.startswith("199") else "13812345678"
    assert validate_mobile(value) == expected


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "138123456789", "0471-6123456", "1381234567a"])
def test_invalid_mobiles(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_mobile(value)
    assert codes(exc) == ["mobile_format"]
    assert "11位" in messages(exc)[0]


def test_empty_mobile() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_mobile("  ")
    assert codes(exc) == ["mobile_required"]


# ---------------------------------------------------------------- certificate number

VALID_CERT = "S000015000001253000123"


def test_valid_certificate_number_is_split() -> None:
    parts = validate_certificate_number(VALID_CERT, today=TODAY)
    assert parts.number == VALID_CERT
    assert parts.kind == "S"
    assert parts.institution_code == "0000"
    assert parts.province_code == "15"
    assert parts.site_serial == "000001"
    assert parts.year == 2025
    assert parts.level == 3
    assert parts.serial == "000123"
    assert validate_certificate_number("y123415123456252999999", today=TODAY).kind == "Y"


def replace_at(number: str, start: int, text: str) -> str:
    """Replace characters from 1-based position `start`."""
    return number[: start - 1] + text + number[start - 1 + len(text) :]


@pytest.mark.parametrize(
    ("position", "text", "code", "message"),
    [
        (1, "X", "certificate_number_kind", "第1位应为Y（用人单位）或S（社会培训评价组织），实为X"),
        (2, "00A1", "certificate_number_institution", "第2-5位机构代码应为4位数字（0000-9999），实为00A1"),
        (6, "14", "certificate_number_province", "第6-7位省份代码应为15，实为14"),
        (8, "000000", "certificate_number_site", "第8-13位站点序号应为000001-999999，实为000000"),
        (8, "00001A", "certificate_number_site", "第8-13位站点序号应为000001-999999，实为00001A"),
        (14, "2A", "certificate_number_year", "第14-15位年份应为2位数字，实为2A"),
        (14, "26", "certificate_number_year", "第14-15位年份26（2026年）晚于今年（2025年）"),
        (16, "6", "certificate_number_level", "第16位等级应为1-5（1为高级技师，5为初级工），实为6"),
        (16, "0", "certificate_number_level", "第16位等级应为1-5（1为高级技师，5为初级工），实为0"),
        (17, "000000", "certificate_number_serial", "第17-22位流水号应为000001-999999，实为000000"),
    ],
)
def test_each_wrong_segment_is_named(position: int, text: str, code: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(replace_at(VALID_CERT, position, text), today=TODAY)
    assert codes(exc) == [code]
    assert messages(exc) == [message]


def test_every_wrong_segment_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number("X00001400000025600000A", today=TODAY)
    assert codes(exc) == [
        "certificate_number_kind",
        "certificate_number_province",
        "certificate_number_site",
        "certificate_number_level",
        "certificate_number_serial",
    ]


@pytest.mark.parametrize("value", ["", "S00001500000125300012", "S0000150000012530001234"])
def test_certificate_number_length(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(value, today=TODAY)
    assert codes(exc)[0] in {"certificate_number_required", "certificate_number_length"}


def test_certificate_number_validator_and_builder() -> None:
    number = build_certificate_number(kind="Y", institution_code="12", site_serial=7, year=2025, level=2, serial=42)
    assert number == "Y001215000007252000042"
    certificate_number_validator(number)
    with pytest.raises(ValidationError):
        build_certificate_number(kind="Y", institution_code="12", site_serial=7, year=2025, level=6, serial=42)
    with pytest.raises(ValidationError):
        build_certificate_number(kind="S", institution_code="1", site_serial=1, year=2025, level=1, serial=1_000_000)


# ---------------------------------------------------------------- masking (R-X-3)
# Kept here because masking has no test module of its own; it displays what these validate.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150102199003071234", "150102********1234"),
        ("15010219900307123X", "150102********123X"),
        ("E12345678", "E******78"),  # passport
        ("123456", "*****6"),
        ("1", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(value: str | None, expected: str) -> None:
    assert mask_id_number(value) == expected
    assert len(mask_id_number(value)) == len((value or "").strip())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "138****5678"),
        (" 13812345678 ", "138****5678"),
        ("6123456", "*****56"),
        ("12", "**"),
        (None, ""),
    ],
)
def test_mask_mobile(value: str | None, expected: str) -> None:
    assert mask_mobile(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三丰", "张*丰"),
        ("李四", "李*"),
        ("王", "*"),
        ("欧阳娜娜", "欧**娜"),
        ("乌力吉巴雅尔", "乌****尔"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(value: str | None, expected: str) -> None:
    assert mask_name(value) == expected
