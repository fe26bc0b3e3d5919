"""Rule documents (R-INS-3) and integrity commitments (R-INS-4)."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.institutions import services
from skillcert.institutions.choices import RuleDocumentKind
from skillcert.institutions.models import Commitment, CommitmentText, RuleDocument
from skillcert.institutions.selectors import (
    current_commitment_text,
    institution_readiness,
    published_rule_documents,
)
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_rule_documents_are_versioned_and_the_latest_published_one_counts():
    institution = f.FiledInstitutionFactory()
    clerk = f.staff(institution, Role.CLERK)
    v1 = services.add_rule_document(
        actor=clerk,
        institution=institution,
        kind=RuleDocumentKind.QUALITY,
        title="质量管理制度",
        body="第一版",
        publish=True,
    )
    v2 = services.add_rule_document(
        actor=clerk, institution=institution, kind=RuleDocumentKind.QUALITY, title="质量管理制度（修订）", body="第二版"
    )
    assert (v1.version, v2.version) == (1, 2)
    assert v1.sha256 == hashlib.sha256("第一版".encode()).hexdigest()
    assert published_rule_documents(institution)[RuleDocumentKind.QUALITY].pk == v1.pk, "a draft is not public yet"
    services.publish_rule_document(actor=clerk, document=v2)
    assert published_rule_documents(institution)[RuleDocumentKind.QUALITY].pk == v2.pk
    assert RuleDocument.objects.filter(institution=institution).count() == 2, "every version is kept"


def test_rule_documents_may_be_pdf_or_word_files():
    institution = f.FiledInstitutionFactory()
    clerk = f.staff(institution, Role.CLERK)
    pdf = services.add_rule_document(
        actor=clerk, institution=institution, kind=RuleDocumentKind.EXAM_AFFAIRS, title="考务", upload=f.pdf("考务.pdf")
    )
    word = services.add_rule_document(
        actor=clerk,
        institution=institution,
        kind=RuleDocumentKind.SCORING,
        title="评分",
        upload=f.upload("评分.docx", _docx()),
    )
    assert pdf.content_type == "application/pdf" and pdf.sha256 == hashlib.sha256(f.PDF_BYTES).hexdigest()
    assert word.content_type.endswith("wordprocessingml.document") and word.original_name == "评分.docx"


@pytest.mark.parametrize(
    ("upload", "body", "field", "message"),
    [
        (("制度.txt", b"text"), "", "file", "文件：文件“制度.txt”类型不允许，只接受PDF、Word（.docx）文件"),
        (("制度.docx", b"PK\x03\x04 not a zip"), "", "file", "文件：文件“制度.docx”的内容不是Word（.docx）文件"),
        (("制度.pdf", b"<html>"), "", "file", "的内容不是PDF文件"),
        (None, "", "body", "正文：请填写制度正文或上传制度文件（PDF或Word）"),
    ],
)
def test_bad_rule_documents_are_refused(upload, body, field, message):
    institution = f.FiledInstitutionFactory()
    with pytest.raises(DomainError) as exc:
        services.add_rule_document(
            actor=f.staff(institution, Role.CLERK),
            institution=institution,
            kind=RuleDocumentKind.FEES,
            title="收费标准",
            body=body,
            upload=f.upload(*upload) if upload else None,
        )
    assert exc.value.field == field and message in exc.value.message
    assert not RuleDocument.objects.exists()


def test_rule_document_size_limit_is_a_policy(set_policy):
    set_policy("core.upload_max_mb", 1)
    institution = f.FiledInstitutionFactory()
    with pytest.raises(DomainError, match="超过1MB的上限"):
        services.add_rule_document(
            actor=f.staff(institution, Role.CLERK),
            institution=institution,
            kind=RuleDocumentKind.FEES,
            title="收费标准",
            upload=f.upload("大.pdf", f.PDF_BYTES + b"0" * (1024 * 1024)),
        )


def test_only_the_institutions_editors_add_rule_documents():
    institution = f.FiledInstitutionFactory()
    with pytest.raises(PermissionDenied):
        services.add_rule_document(
            actor=f.staff(institution, Role.AUDITOR), institution=institution, kind="quality", title="x", body="x"
        )
    with pytest.raises(NotFoundError):
        services.add_rule_document(
            actor=f.staff(f.FiledInstitutionFactory(), Role.MANAGER),
            institution=institution,
            kind="quality",
            title="x",
            body="x",
        )
    with pytest.raises(DomainError, match="制度类别：应为机构须公开的规章制度之一"):
        services.add_rule_document(
            actor=f.staff(institution, Role.CLERK), institution=institution, kind="other", title="x", body="x"
        )


def test_the_manager_signs_the_current_text_and_the_local_bureau_countersigns():
    institution = f.FiledInstitutionFactory(league="150200")
    text = current_commitment_text(institution)
    assert text is not None and text.authority.code == "region_dept", "the region template applies by default"
    with pytest.raises(PermissionDenied):  # only the manager signs
        services.sign_commitment(actor=f.staff(institution, Role.CLERK), institution=institution, text_version=text)
    manager = f.staff(institution, Role.MANAGER, full_name="李负责")
    signature = services.sign_commitment(actor=manager, institution=institution, text_version=text)
    assert signature.signer_name == "李负责" and signature.signed_by == manager
    assert signature.text_sha256 == hashlib.sha256(text.body.encode("utf-8")).hexdigest()
    assert signature.authority.code == "bureau-150200"
    assert [m.code for m in institution_readiness(institution) if m.code.startswith("commitment")] == [
        "commitment_countersign"
    ]
    with pytest.raises(DomainError, match="本机构已签署该版本"):
        services.sign_commitment(actor=manager, institution=institution, text_version=text)
    with pytest.raises(NotFoundError):
        services.countersign_commitment(actor=f.bureau_user("150100"), commitment=signature)
    with pytest.raises(PermissionDenied):  # the league's centre sees it, the bureau countersigns
        services.countersign_commitment(
            actor=UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150200"), roles=[Role.CLERK]),
            commitment=signature,
        )
    services.countersign_commitment(actor=f.bureau_user("150200"), commitment=signature)
    signature.refresh_from_db()
    assert signature.countersigned and signature.countersigner_name
    assert not [m for m in institution_readiness(institution) if m.code.startswith("commitment")]


def test_a_new_text_version_must_be_signed_again():
    institution = f.FiledInstitutionFactory(league="150200")
    manager = f.staff(institution, Role.MANAGER)
    bureau = f.bureau_user("150200")
    old = current_commitment_text(institution)
    assert old is not None
    signature = services.sign_commitment(actor=manager, institution=institution, text_version=old)
    new = services.publish_commitment_text(actor=bureau, title="包头市诚信承诺书", body="包头市版本正文")
    assert new.authority.code == "bureau-150200" and new.version == 1
    assert current_commitment_text(institution) == new
    with pytest.raises(DomainError, match="已发布新版本"):
        services.countersign_commitment(actor=bureau, commitment=signature)
    with pytest.raises(DomainError, match="只能签署属地人社部门现行版本"):
        services.sign_commitment(actor=manager, institution=institution, text_version=old)
    missing = [m.message for m in institution_readiness(institution) if m.code == "commitment"]
    assert missing == ["诚信承诺书（包头市诚信承诺书 第1版）尚未签署"]
    services.sign_commitment(actor=manager, institution=institution, text_version=new)
    assert Commitment.objects.filter(institution=institution).count() == 2, "every signature is kept"
    v2 = services.publish_commitment_text(actor=bureau, title="包头市诚信承诺书", body="第二版正文")
    assert v2.version == 2 and v2.sha256 == hashlib.sha256("第二版正文".encode()).hexdigest()


def test_commitment_texts_are_published_by_authorities_only():
    institution = f.FiledInstitutionFactory()
    with pytest.raises(PermissionDenied):
        services.publish_commitment_text(
            actor=f.staff(institution, Role.MANAGER), title="x", body="x", authority=authority(OrgKind.LEAGUE_BUREAU)
        )
    with pytest.raises(DomainError, match="诚信承诺书文本由盟市人社局或自治区人社部门发布"):
        services.publish_commitment_text(
            actor=UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER), roles=[Role.CLERK]), title="x", body="x"
        )
    with pytest.raises(DomainError, match="正文：不能为空"):
        services.publish_commitment_text(actor=f.bureau_user("150100"), title="标题", body="")
    assert CommitmentText.objects.count() == 1, "only the region template of the data migration"
