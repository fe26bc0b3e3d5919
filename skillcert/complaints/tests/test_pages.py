"""Complaint pages: the public form and tracking without login, the inbox with exports, the workflow
forms showing Chinese reasons (R-SUP-5, R-PUB-1)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from skillcert.complaints import abuse
from skillcert.complaints.models import Complaint
from skillcert.complaints.tests import factories as cf
from skillcert.core.models import AuditEvent
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def _answer(html: str) -> tuple[str, str]:
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    question = re.search(r"验证问题：(.)加(.)等于几", html)
    assert question is not None
    return token, str(abuse.NUMERALS.index(question.group(1)) + abuse.NUMERALS.index(question.group(2)))


def _post(client: Client, institution_id: int, **extra: object):  # type: ignore[no-untyped-def]
    token, answer = _answer(client.get("/complaints/new/").content.decode())
    data = {
        "subject_kind": "institution",
        "institution": institution_id,
        "title": "乱收费",
        "facts": "收取高额培训费",
        "contact_name": "赵四",
        "challenge_token": token,
        "challenge_answer": answer,
        **extra,
    }
    return client.post("/complaints/new/", data)


def test_public_form_files_and_shows_code_and_secret_once():
    institution = f.FiledInstitutionFactory()
    client = Client()
    response = _post(client, institution.pk, attachments=cf.pdf())
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    code = re.search(r'id="tracking-code">([^<]+)<', html).group(1)  # type: ignore[union-attr]
    secret = re.search(r'id="tracking-secret">([^<]+)<', html).group(1)  # type: ignore[union-attr]
    assert Complaint.objects.get(tracking_code=code).attachments.count() == 1
    tracked = client.post("/complaints/track/", {"tracking_code": code, "secret": secret})
    assert tracked.status_code == 200 and "待受理" in tracked.content.decode()


def test_bad_input_on_the_public_form_is_shown_in_chinese_and_nothing_is_saved():
    institution = f.FiledInstitutionFactory()
    client = Client()
    r = _post(client, institution.pk, attachments=SimpleUploadedFile("a.exe", b"MZ"))
    assert r.status_code == 400 and "只接受PDF、JPG、PNG文件" in r.content.decode()
    r = _post(client, institution.pk, contact_name="张" * 10240)
    assert r.status_code == 400 and "姓名：不能超过50个字" in r.content.decode()
    r = _post(client, institution.pk, challenge_answer="100")
    assert r.status_code == 400 and "验证问题：答案不正确" in r.content.decode()
    assert not Complaint.objects.exists()


def test_wrong_secret_and_unknown_code_answer_the_same():
    filed = cf.file(f.FiledInstitutionFactory())
    client = Client()
    wrong = client.post("/complaints/track/", {"tracking_code": filed.complaint.tracking_code, "secret": "X"})
    unknown = client.post("/complaints/track/", {"tracking_code": "TS20990101-AAAAAAAA", "secret": filed.secret})
    strip = lambda r: re.sub(r'value="[^"]*"|csrfmiddlewaretoken[^>]*', "", r.content.decode())  # noqa: E731
    assert wrong.status_code == unknown.status_code == 404 and strip(wrong) == strip(unknown)


def test_inbox_lists_and_exports_and_the_detail_reveals_with_an_audit_event():
    institution = f.FiledInstitutionFactory()
    c = cf.file(institution).complaint
    bureau = f.bureau_user("150100")
    client = Client()
    client.force_login(bureau)
    assert c.tracking_code in client.get("/complaints/").content.decode()
    export = client.get("/complaints/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert sheet.cell(row=2, column=1).value == c.tracking_code
    page = client.get(f"/complaints/{c.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert client.post(f"/complaints/{c.pk}/reveal/", {"field": "contact_phone"}).content.decode() == "13812345678"
    assert AuditEvent.objects.filter(action="pii.reveal", object_id=str(c.pk)).count() == 1


def test_workflow_forms_show_the_services_reasons():
    institution = f.FiledInstitutionFactory()
    c = cf.file(institution).complaint
    client = Client()
    client.force_login(f.bureau_user("150100"))
    assert client.post(f"/complaints/{c.pk}/accept/", {"note": ""}).status_code == 302
    r = client.post(f"/complaints/{c.pk}/extend/", {"days": 45, "reason": "复杂"})
    assert r.status_code == 400 and "延长天数：应为1至30天" in r.content.decode()


def test_other_league_and_institutions_do_not_see_complaints():
    institution = f.FiledInstitutionFactory()
    c = cf.file(institution).complaint
    client = Client()
    client.force_login(f.bureau_user("150200"))
    assert client.get(f"/complaints/{c.pk}/").status_code == 404
    client.force_login(f.staff(institution))
    assert client.get(f"/complaints/{c.pk}/").status_code == 404
    assert client.get("/complaints/").status_code == 403
