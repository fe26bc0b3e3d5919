"""Dossiers: assembly of five volumes, scans, sealing, verify_dossier, holds and disposal (R-ARC-1, R-ARC-2)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.archives.choices import DisposalStatus, DossierStatus, Volume
from skillcert.archives.files import read_file, storage
from skillcert.archives.models import Disposal, Dossier, DossierItem, StoredFile
from skillcert.archives.services.dossiers import add_scan, open_dossier, seal_dossier
from skillcert.archives.services.retention import (
    approve_disposal,
    lift_legal_hold,
    propose_disposal,
    set_legal_hold,
)
from skillcert.archives.verification import verify_dossier
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.exams.choices import PlanStatus
from skillcert.exams.models import ExamPlan

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def regulator(role: str = Role.MANAGER) -> object:
    return UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[role])


@pytest.fixture
def sealed():
    f = final_plan(2)
    cert = f.issue(0)
    ExamPlan.objects.filter(pk=f.plan.pk).update(status=PlanStatus.FINAL)
    f.plan.refresh_from_db()
    dossier = open_dossier(actor=f.clerk, plan=f.plan)
    add_scan(
        actor=f.clerk,
        dossier=dossier,
        volume=Volume.PROCESS,
        title="考场记录表（纸质）",
        upload=SimpleUploadedFile("考场记录.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    dossier = seal_dossier(actor=f.clerk, dossier=dossier)
    return f, cert, dossier


def test_sealing_assembles_five_volumes_with_contents_lists_and_writes_the_manifest_digest_into_the_chain(sealed):
    f, cert, dossier = sealed
    assert dossier.status == DossierStatus.SEALED
    for volume in Volume.values:
        items = list(DossierItem.objects.filter(dossier=dossier, volume=volume).order_by("position"))
        assert items[0].title == "卷内目录" and items[0].position == 0
        assert any(i.generated and i.position == 1 for i in items), volume
    vol1 = DossierItem.objects.get(dossier=dossier, volume=Volume.REGISTRATION, position=1)
    assert f.registrations[0].name in _text(read_file(vol1.stored_file))
    certificates = DossierItem.objects.filter(dossier=dossier, volume=Volume.CERTIFICATES)
    assert any(cert.number in i.title for i in certificates), "the issued certificate PDF is in volume 5"
    scan = DossierItem.objects.get(dossier=dossier, title="考场记录表（纸质）")
    assert scan.volume == Volume.PROCESS and scan.medium == "paper"
    contents = DossierItem.objects.get(dossier=dossier, volume=Volume.PROCESS, position=0)
    assert "考场记录表（纸质）" in _text(read_file(contents.stored_file))
    manifest = json.loads(read_file(dossier.manifest))
    assert len(manifest["items"]) == DossierItem.objects.filter(dossier=dossier).count()
    event = AuditEvent.objects.get(pk=dossier.seal_event_id)
    assert event.action == "archives.dossier_sealed" and event.after["manifest_sha256"] == dossier.manifest_sha256
    ended = dossier.batch_ended_on
    assert dossier.paper_retain_until == ended.replace(year=ended.year + 3)
    assert dossier.electronic_retain_until == ended.replace(year=ended.year + 5)


def test_a_dossier_cannot_be_sealed_before_the_batch_ends_nor_twice(sealed):
    f, _, dossier = sealed
    with pytest.raises(DomainError, match="不能重复封卷"):
        seal_dossier(actor=f.clerk, dossier=dossier)
    other = final_plan(1)
    ExamPlan.objects.filter(pk=other.plan.pk).update(status=PlanStatus.PUBLICITY)
    with pytest.raises(DomainError, match="批次尚未结束"):
        seal_dossier(actor=other.clerk, dossier=open_dossier(actor=other.clerk, plan=other.plan))


def test_a_scan_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_saved():
    f = final_plan(1)
    dossier = open_dossier(actor=f.clerk, plan=f.plan)
    before = StoredFile.objects.count()
    with pytest.raises(DomainError) as exc:
        add_scan(
            actor=f.clerk,
            dossier=dossier,
            volume=1,
            title="报名表",
            upload=SimpleUploadedFile("报名表.pdf", b"PK\x03\x04not really", content_type="application/pdf"),
        )
    assert exc.value.field == "file" and "只接受" in exc.value.message
    assert StoredFile.objects.count() == before and not dossier.items.exists()


def test_verify_dossier_names_an_altered_and_a_missing_file(sealed, capsys):
    f, _, dossier = sealed
    call_command("verify_dossier", f.plan.number)
    assert "一致" in capsys.readouterr().out
    scan = DossierItem.objects.get(dossier=dossier, title="考场记录表（纸质）").stored_file
    vol2 = DossierItem.objects.get(dossier=dossier, volume=Volume.PLAN, position=1).stored_file
    storage().delete(scan.name)
    storage().save(scan.name, ContentFile(PDF_BYTES + b"% tampered"))
    storage().delete(vol2.name)
    check = verify_dossier(dossier)
    kinds = {(p.title, p.kind) for p in check.problems}
    assert ("考场记录表（纸质）", "changed") in kinds
    assert any(kind == "missing" and "第二卷" in title for title, kind in kinds)
    with pytest.raises(CommandError):
        call_command("verify_dossier", f.plan.number)
    out = capsys.readouterr().out
    assert "考场记录表（纸质）" in out and "内容已被改动" in out and "文件已丢失" in out


def test_nothing_in_retention_can_be_deleted_through_the_services_or_the_orm(sealed):
    _, _, dossier = sealed
    with pytest.raises(DomainError, match="不能删除"):
        dossier.delete()
    with pytest.raises(DomainError, match="不能删除"):
        Dossier.objects.filter(pk=dossier.pk).delete()
    with pytest.raises(DomainError, match="不能删除"):
        DossierItem.objects.filter(dossier=dossier).delete()
    assert Dossier.objects.filter(pk=dossier.pk).exists()


def test_the_admin_offers_no_deletion(sealed, client):
    _, _, dossier = sealed
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(f"/django-admin/archives/dossier/{dossier.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Dossier.objects.filter(pk=dossier.pk).exists()


def test_legal_hold_needs_grounds_to_set_and_to_lift_and_only_a_regulator_sets_it(sealed):
    f, _, dossier = sealed
    officer = regulator(Role.CLERK)
    with pytest.raises(PermissionDenied):
        set_legal_hold(actor=f.clerk, dossier=dossier, grounds="诉讼")
    with pytest.raises(DomainError, match="保留依据"):
        set_legal_hold(actor=officer, dossier=dossier, grounds="  ")
    hold = set_legal_hold(actor=officer, dossier=dossier, grounds="（2026）内01民初123号案件证据保全")
    with pytest.raises(DomainError) as exc:
        lift_legal_hold(actor=officer, hold=hold, grounds="")
    assert exc.value.field == "grounds" and "解除依据" in exc.value.message
    hold.refresh_from_db()
    assert hold.lifted_at is None
    lift_legal_hold(actor=officer, hold=hold, grounds="案件已审结")
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lift_grounds == "案件已审结"


def _expire(dossier: Dossier) -> None:
    past = datetime.date(2000, 1, 1)
    Dossier.objects.filter(pk=dossier.pk).update(paper_retain_until=past, electronic_retain_until=past)
    dossier.refresh_from_db()


def test_disposal_is_refused_in_retention_and_on_hold_and_needs_a_second_person(
    sealed, django_capture_on_commit_callbacks
):
    _, _, dossier = sealed
    first, second = regulator(), regulator()
    with pytest.raises(DomainError, match="保管期内"):
        propose_disposal(actor=first, dossier=dossier, reason="保管期满")
    _expire(dossier)
    hold = set_legal_hold(actor=first, dossier=dossier, grounds="审计调阅")
    with pytest.raises(DomainError, match="诉讼保留"):
        propose_disposal(actor=first, dossier=dossier, reason="保管期满")
    lift_legal_hold(actor=first, hold=hold, grounds="审计结束")
    disposal = propose_disposal(actor=first, dossier=dossier, reason="保管期满")
    with pytest.raises(DomainError, match="不能审批本人提出的销毁"):
        approve_disposal(actor=first, disposal=disposal)
    disposal.refresh_from_db()
    assert disposal.status == DisposalStatus.PROPOSED
    scan = DossierItem.objects.get(dossier=dossier, title="考场记录表（纸质）").stored_file
    with django_capture_on_commit_callbacks(execute=True):
        approve_disposal(actor=second, disposal=disposal, note="同意")
    disposal = Disposal.objects.get(pk=disposal.pk)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DISPOSED and disposal.manifest is not None
    manifest = json.loads(read_file(disposal.manifest))
    assert any(i["title"] == "考场记录表（纸质）" and i["sha256"] == scan.sha256 for i in manifest["items"])
    scan.refresh_from_db()
    assert scan.disposed_at is not None and not storage().exists(scan.name)
