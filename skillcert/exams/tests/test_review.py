"""Eligibility review with evidence files (R-EXAM-4)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.core.errors import DomainError, NotFoundError
from skillcert.exams.choices import EvidenceKind, RegistrationStatus
from skillcert.exams.services.review import add_evidence, approve_registration, reject_registration
from skillcert.exams.tests.factories import candidate, open_plan, pdf, ready_institution, register

pytestmark = pytest.mark.django_db


def test_candidate_adds_evidence_and_sees_the_rejection_reason():
    setup = ready_institution()
    plan = open_plan(setup)
    user = candidate(1)
    registration = register(user, plan)
    evidence = add_evidence(actor=user, registration=registration, kind=EvidenceKind.WORK_PROOF, upload=pdf())
    assert evidence.content_type == "application/pdf" and evidence.size > 0
    rejected = reject_registration(actor=setup.clerk, registration=registration, reason="工作年限证明未加盖单位公章")
    assert rejected.status == RegistrationStatus.REJECTED
    assert rejected.review_reason == "工作年限证明未加盖单位公章"
    with pytest.raises(DomainError) as exc:
        reject_registration(actor=setup.clerk, registration=rejected, reason="再次驳回")
    assert "报名状态" in exc.value.message


def test_approval_gives_a_unique_exam_number():
    setup = ready_institution()
    plan = open_plan(setup)
    a = approve_registration(actor=setup.clerk, registration=register(candidate(1), plan))
    b = approve_registration(actor=setup.clerk, registration=register(candidate(2), plan))
    assert a.status == RegistrationStatus.APPROVED
    assert a.exam_number and b.exam_number and a.exam_number != b.exam_number
    assert a.reviewed_by == setup.clerk


def test_rejection_needs_a_reason_and_uploads_are_checked():
    setup = ready_institution()
    plan = open_plan(setup)
    user = candidate(1)
    registration = register(user, plan)
    with pytest.raises(DomainError) as exc:
        reject_registration(actor=setup.clerk, registration=registration, reason="  ")
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:
        add_evidence(
            actor=user,
            registration=registration,
            kind=EvidenceKind.DIPLOMA,
            upload=SimpleUploadedFile("毕业证.exe", b"MZ\x90\x00"),
        )
    assert exc.value.code == "file_type"
    with pytest.raises(DomainError) as exc:
        add_evidence(
            actor=user, registration=registration, kind=EvidenceKind.DIPLOMA, upload=SimpleUploadedFile("a.pdf", b"x")
        )
    assert exc.value.code == "file_content"


def test_evidence_size_limit_follows_the_policy(set_policy):
    set_policy("exams.evidence_max_mb", 1)
    setup = ready_institution()
    plan = open_plan(setup)
    user = candidate(1)
    registration = register(user, plan)
    big = SimpleUploadedFile("大文件.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(DomainError) as exc:
        add_evidence(actor=user, registration=registration, kind=EvidenceKind.OTHER, upload=big)
    assert exc.value.code == "file_size" and "1MB" in exc.value.message


def test_other_institutions_and_candidates_cannot_review():
    setup = ready_institution()
    other = ready_institution()
    plan = open_plan(setup)
    user = candidate(1)
    registration = register(user, plan)
    with pytest.raises(NotFoundError):
        approve_registration(actor=other.clerk, registration=registration)
    from django.core.exceptions import PermissionDenied

    with pytest.raises((PermissionDenied, NotFoundError)):
        approve_registration(actor=user, registration=registration)
    with pytest.raises(NotFoundError):
        add_evidence(actor=candidate(2), registration=registration, kind=EvidenceKind.OTHER, upload=pdf())
