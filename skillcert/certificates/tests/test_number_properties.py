"""Property tests of the certificate number (R-CERT-1): every number the allocator can compose passes
the validator; every malformed one is refused with the wrong segment named."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcert.core.validators import build_certificate_number, validate_certificate_number

TODAY = datetime.date(2026, 6, 1)
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def _codes(exc: ValidationError) -> set[str]:
    return {e.code for e in exc.error_list if e.code}


def _messages(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@st.composite
def good_numbers(draw: st.DrawFn) -> str:
    return build_certificate_number(
        kind=draw(st.sampled_from(["Y", "S"])),
        institution_code=f"{draw(st.integers(0, 9999)):04d}",
        site_serial=draw(st.integers(1, 999_999)),
        year=draw(st.integers(2000, TODAY.year)),
        level=draw(st.integers(1, 5)),
        serial=draw(st.integers(1, 999_999)),
    )


# Generation builds valid numbers from dates and serials; on a loaded 2-CPU machine it can pass
# Hypothesis's too-slow threshold with nothing wrong, so that health check is off here.
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(good_numbers())
def test_every_composed_number_passes(number: str) -> None:
    parts = validate_certificate_number(number, today=TODAY)
    assert parts.number == number and len(number) == 22
    assert parts.province_code == "15" and 1 <= parts.level <= 5


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(good_numbers(), st.integers(0, 40).filter(lambda n: n != 22))
def test_wrong_length_is_named(number: str, length: int) -> None:
    bad = (number * 2)[:length]
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(bad, today=TODAY)
    assert _codes(exc.value) <= {"certificate_number_length", "certificate_number_required"}
    if bad:
        assert "应为22位" in _messages(exc.value) and f"实为{length}位" in _messages(exc.value)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    good_numbers(), st.characters(codec="ascii", categories=["Lu", "Ll", "Nd"]).filter(lambda c: c.upper() not in "YS")
)
def test_wrong_type_letter_is_named(number: str, letter: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(letter + number[1:], today=TODAY)
    assert _codes(exc.value) == {"certificate_number_kind"}
    assert "第1位" in _messages(exc.value)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(good_numbers(), st.text(alphabet="0123456789", min_size=2, max_size=2).filter(lambda p: p != "15"))
def test_wrong_province_is_named(number: str, province: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(number[:5] + province + number[7:], today=TODAY)
    assert _codes(exc.value) == {"certificate_number_province"}
    assert "第6-7位省份代码应为15" in _messages(exc.value)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(good_numbers(), st.integers(TODAY.year % 100 + 1, 99))
def test_future_year_is_named(number: str, year: int) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(number[:13] + f"{year:02d}" + number[15:], today=TODAY)
    assert _codes(exc.value) == {"certificate_number_year"}
    assert "第14-15位年份" in _messages(exc.value)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(good_numbers(), st.sampled_from(list("06789ABX")))
def test_wrong_level_is_named(number: str, level: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(number[:15] + level + number[16:], today=TODAY)
    assert _codes(exc.value) == {"certificate_number_level"}
    assert "第16位等级应为1-5" in _messages(exc.value)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(good_numbers(), st.sampled_from(["site", "serial", "institution"]), st.sampled_from(["A", "-"]))
def test_letters_in_digit_segments_are_named(number: str, segment: str, char: str) -> None:
    where = {"institution": 1, "site": 7, "serial": 16}[segment]
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(number[:where] + char + number[where + 1 :], today=TODAY)
    assert _codes(exc.value) == {f"certificate_number_{segment}"}


def test_zero_site_and_serial_are_out_of_range() -> None:
    number = build_certificate_number(kind="S", institution_code="0000", site_serial=1, year=2026, level=3, serial=1)
    with pytest.raises(ValidationError) as exc:
        validate_certificate_number(number[:7] + "000000" + number[13:16] + "000000", today=TODAY)
    assert _codes(exc.value) == {"certificate_number_site", "certificate_number_serial"}
