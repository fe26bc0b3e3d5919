"""The certificate PDF (R-CERT-3): A4, one page, the shipped CJK font embedded as a subset, the
fields of the national reference layout read back from the file, and a QR code for the signed link."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from skillcert.catalog.tests.factories import WorkTypeFactory
from skillcert.certificates.printing import CertificateFace, render_certificate, render_face
from skillcert.certificates.tests.factories import final_plan
from skillcert.certificates.verification import verification_url
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, reader.pages[0].extract_text()


def _fonts(reader: PdfReader) -> list[str]:
    resources = reader.pages[0]["/Resources"]["/Font"]
    return [str(resources[key].get_object()["/BaseFont"]).lstrip("/") for key in resources]


def test_pdf_is_one_a4_page_with_every_field():
    f = final_plan(1)
    cert = f.issue(0)
    reader, text = _text(render_certificate(cert))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    compact = text.replace(" ", "").replace("\n", "")
    for expected in (
        "职业技能等级证书",
        cert.name,
        "居民身份证",
        cert.id_number,
        cert.occupation_name,
        cert.occupation_code,
        "四级/中级工",
        cert.number,
        cert.institution_name,
        f"{cert.issued_on.year}年{cert.issued_on.month}月{cert.issued_on.day}日",
        "zscx.osta.org.cn",
        "掌上12333",
    ):
        assert expected.replace(" ", "") in compact, expected
    assert "工种--" in compact or "--" in compact
    assert verification_url(cert.number).replace(" ", "") in compact
    # The CJK font is embedded as a subset (the "ABCDEF+" prefix), and it is the shipped one.
    fonts = _fonts(reader)
    assert fonts and all(name.endswith("WenQuanYiMicroHei-0") and name[6] == "+" for name in fonts), fonts


def test_work_type_printed_when_present_and_level_three_label():
    face = CertificateFace(
        number="S000015000101263000001",
        name="乌云其其格",
        id_type="居民身份证",
        id_number="150102199003071234",
        occupation="中式烹调师",
        occupation_code="4-03-02-01",
        work_type="中式面点",
        level="三级/高级工",
        institution="内蒙古职业技能评价协会",
        issued_on=datetime.date(2026, 3, 5),
        verify_url="http://127.0.0.1:8000/certificates/v/x/",
    )
    _reader, text = _text(render_face(face))
    compact = text.replace(" ", "")
    assert "中式面点" in compact and "三级/高级工" in compact and "2026年3月5日" in compact


def test_name_the_font_lacks_is_refused():
    face = CertificateFace(
        number="S000015000101263000001",
        name="张\U0002a6a5",
        id_type="居民身份证",
        id_number="150102199003071234",
        occupation="电工",
        occupation_code="6-31-01-03",
        work_type="--",
        level="三级/高级工",
        institution="测试机构",
        issued_on=datetime.date(2026, 3, 5),
        verify_url="http://127.0.0.1:8000/certificates/v/x/",
    )
    with pytest.raises(DomainError) as exc:
        render_face(face)
    assert exc.value.field == "name" and "U+2A6A5" in exc.value.message and "姓名" in exc.value.message


def test_download_is_audited_and_work_type_prints(client):
    f = final_plan(1)
    from skillcert.exams.models import ExamPlan

    ExamPlan.objects.filter(pk=f.plan.pk).update(work_type=WorkTypeFactory(occupation=f.s.occupation, name="西式面点"))
    f.plan.refresh_from_db()
    cert = f.issue(0)
    client.force_login(f.clerk)
    response = client.get(f"/certificates/{cert.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _reader, text = _text(response.content)
    assert "西式面点" in text
    assert AuditEvent.objects.filter(action="certificates.downloaded", object_id=str(cert.pk)).count() == 1
