"""Traceability both ways, with audit events and the chain verdict (R-ARC-3)."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from pypdf import PdfReader

from skillcert.accounts.choices import Role
from skillcert.archives.trace import (
    build_trace,
    certificates_touched_by_person,
    certificates_touched_by_session,
    trace_pdf,
)
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.errors import NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.exams.models import ExamSession
from skillcert.exams.tests.factories import bureau_clerk
from skillcert.institutions.tests.factories import staff
from skillcert.personnel.tests.factories import serving_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued():
    f = final_plan(2)
    return f, f.issue(0)


def test_the_trace_shows_every_record_behind_a_certificate_with_its_audit_events(issued):
    f, cert = issued
    trace = build_trace(actor=f.clerk, certificate=cert)
    sections = {s.key: s for s in trace.sections}
    assert set(sections) >= {
        "candidate", "registration", "plan", "sessions", "staff", "scores", "incidents",
        "cases", "publicity", "issuance", "export", "status", "oversight",
    }  # fmt: skip
    assert cert.name in sections["candidate"].lines[0].text
    assert f.plan.number in sections["plan"].lines[0].text
    assert any(line.label == "座位" for line in sections["sessions"].lines)
    examiner_lines = [line for line in sections["staff"].lines if f.s.examiners[0].name in line.text]
    assert examiner_lines and "当日资格有效" in examiner_lines[0].text
    assert any(line.label == "科目成绩" for line in sections["scores"].lines)
    issuance = sections["issuance"].lines[0]
    assert any(e.action == "certificates.issued" for e in issuance.events)
    assert issuance.files and issuance.files[0].content_type == "application/pdf"
    assert trace.chain_ok and all(line.chain_ok for s in trace.sections for line in s.lines)


def test_a_tampered_audit_event_is_flagged_on_its_line(issued):
    f, cert = issued
    event = AuditEvent.objects.filter(object_type="certificates.Certificate", object_id=str(cert.pk)).first()
    with connection.cursor() as cursor:  # someone with database access edits the row
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
        cursor.execute("UPDATE core_auditevent SET actor_repr = 'x' WHERE id = %s", [event.pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")
    trace = build_trace(actor=f.clerk, certificate=cert)
    issuance = next(s for s in trace.sections if s.key == "issuance").lines[0]
    assert not issuance.chain_ok and not trace.chain_ok
    plan_line = next(s for s in trace.sections if s.key == "plan").lines[0]
    assert plan_line.chain_ok


def test_backwards_from_an_examiner_and_a_session_to_every_certificate_touched(issued):
    f, cert = issued
    other = f.issue(1)
    examiner = f.s.examiners[0]
    assert set(certificates_touched_by_person(f.clerk, examiner)) == {cert, other}
    stranger = serving_person("examiner", occupation=f.s.occupation, level=3)
    assert not certificates_touched_by_person(f.clerk, stranger).exists()
    session = ExamSession.objects.filter(plan=f.plan).first()
    assert cert in set(certificates_touched_by_session(f.clerk, session))


def test_trace_is_scoped_and_refused_to_candidates_and_other_institutions(issued):
    f, cert = issued
    with pytest.raises(NotFoundError):
        build_trace(actor=f.s.other_clerk, certificate=cert)
    league = bureau_clerk("150100")
    assert build_trace(actor=league, certificate=cert).certificate == cert
    wrong_role = staff(f.s.institution, Role.EXAMINER)
    with pytest.raises(NotFoundError):
        build_trace(actor=wrong_role, certificate=cert)


def test_the_trace_pdf_lists_the_sections_and_the_chain_verdict(issued):
    f, cert = issued
    data = trace_pdf(actor=f.clerk, certificate=cert)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert cert.number in text and "审计链核验" in text and "上报批次" in text
    assert AuditEvent.objects.filter(action="archives.trace_printed", object_id=str(cert.pk)).exists()


def test_alerts_and_campaign_inspections_touching_the_batch_join_the_trace(issued):
    import datetime

    from django.utils import timezone

    from skillcert.accounts.models import Organisation
    from skillcert.inspections.choices import InspectionStatus, Method, OrderSource
    from skillcert.inspections.models import Campaign, Inspection, RectificationOrder
    from skillcert.supervision.registry import Finding
    from skillcert.supervision.services.alerts import apply_findings

    f, cert = issued
    session = ExamSession.objects.filter(plan=f.plan).order_by("starts_at").first()
    day = timezone.localtime(session.starts_at).date()
    league = f.plan.league
    institution = f.plan.institution

    def finding(subject_type: str, subject_id: int, label: str, observed_on: datetime.date) -> Finding:
        return Finding(
            period=str(observed_on.year),
            subject_type=subject_type,
            subject_id=subject_id,
            subject_label=label,
            jurisdiction_id=league.pk,
            institution_id=institution.pk,
            observed_on=observed_on,
        )

    apply_findings(kind="staffing_broken", findings=[finding("exams.ExamSession", session.pk, "本场次", day)])
    apply_findings(
        kind="pass_rate_outlier",
        findings=[
            finding("institutions.Institution", institution.pk, "本批期间的机构预警", day),
            finding(
                "institutions.Institution", institution.pk, "五年前的机构预警", day - datetime.timedelta(days=1800)
            ),
        ],
        complete=False,
    )
    organiser = Organisation.objects.get(code=f"bureau-{league.code}")

    def campaign(number: str, start: datetime.date, end: datetime.date) -> Inspection:
        c = Campaign.objects.create(
            number=number,
            title=f"检查{number}",
            organiser=organiser,
            jurisdiction=league,
            period_start=timezone.localdate(),
            period_end=timezone.localdate() + datetime.timedelta(days=30),
            records_from=start,
            records_to=end,
            method=Method.BOTH,
            sampling_percent=5,
            inspectors_per_inspection=2,
        )
        return Inspection.objects.create(
            campaign=c,
            institution=institution,
            stratum=league,
            draw_order=1,
            status=InspectionStatus.DRAWN,
            findings="考务档案不全",
        )

    covering = campaign("SSJ-T-1", day - datetime.timedelta(days=10), day + datetime.timedelta(days=10))
    campaign("SSJ-T-2", day + datetime.timedelta(days=400), day + datetime.timedelta(days=500))
    RectificationOrder.objects.create(
        institution=institution, league=league, source=OrderSource.INSPECTION, inspection=covering, proposal="补齐档案"
    )
    from skillcert.sanctions import services as sanction_services
    from skillcert.sanctions.models import Proposal

    clerk = bureau_clerk("150100")
    proposal = Proposal.objects.create(
        institution=institution,
        league=league,
        inspection=covering,
        measure="criticism",
        grounds="考务档案不全，拒不补正",
        proposed_by=clerk,
    )
    sanction_services.accept_proposal(actor=clerk, proposal=proposal)

    trace = build_trace(actor=bureau_clerk("150100"), certificate=cert)
    oversight = next(s for s in trace.sections if s.key == "oversight")
    texts = [line.text for line in oversight.lines]
    assert any("本场次" in t for t in texts)
    assert any("本批期间的机构预警" in t for t in texts)
    assert not any("五年前的机构预警" in t for t in texts)
    inspection_lines = [line for line in oversight.lines if line.label == "双随机检查"]
    assert [line.obj for line in inspection_lines] == [covering] and "考务档案不全" in inspection_lines[0].text
    assert any(line.label == "整改通知" and "补齐档案" in line.text for line in oversight.lines)
    assert any(
        line.label == "处理建议" and "建议通报批评（已采纳）" in line.text and "通报批评 已公布" in line.text
        for line in oversight.lines
    )
    alert_line = next(line for line in oversight.lines if "本场次" in line.text)
    assert any(e.action.startswith("supervision.") for e in alert_line.events) and alert_line.chain_ok
