"""Institutions' uploads are kept through the one file service (R-ARC-1): rule documents and the worker
roster (no longer thrown away after import) and filing documents; branch licences take the same path
(`submit_branch_filing`), exercised by the institutions tests."""

from __future__ import annotations

import pytest

from skillcert.accounts.choices import Role
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import files_of, read_file
from skillcert.core.validators import resident_id_check_digit
from skillcert.institutions import services
from skillcert.institutions.choices import InstitutionType, RuleDocumentKind
from skillcert.institutions.models import FilingDocument
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def _rid(seq: int) -> str:
    first17 = f"15010219900307{seq:03d}"
    return first17 + resident_id_check_digit(first17)


def test_a_rule_document_file_is_stored_with_its_digest_and_uploader():
    institution = f.FiledInstitutionFactory()
    clerk = f.staff(institution, Role.CLERK)
    doc = services.add_rule_document(
        actor=clerk, institution=institution, kind=RuleDocumentKind.EXAM_AFFAIRS, title="考务", upload=f.pdf("考务.pdf")
    )
    stored = files_of(institution).get(purpose=FilePurpose.RULE_DOCUMENT)
    assert stored.name == doc.file.name and stored.sha256 == doc.sha256 and stored.uploaded_by == clerk
    assert stored.organisation == institution.organisation and read_file(stored).startswith(b"%PDF-")


def test_the_imported_worker_roster_is_kept():
    enterprise = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE)
    upload = f.roster_csv([["张伟", _rid(1), "本单位职工", "A1", "炼钢厂", "2010-07-01", ""]])
    services.import_roster(
        actor=f.staff(enterprise, Role.CLERK), institution=enterprise, upload=upload, filename="名册.csv"
    )
    stored = files_of(enterprise).get(purpose=FilePurpose.WORKER_ROSTER)
    assert stored.original_name == "名册.csv" and "张伟" in read_file(stored).decode("utf-8-sig")


def test_filing_documents_of_an_anonymous_applicant_are_stored_in_the_applications_area():
    occupation = f.occupation(levels=(5, 4))
    application = services.submit_initial_application(
        actor=None,
        type="social_league",
        filed_name="包头市存档测试评价中心",
        credit_code=f.credit_code(9101, "150200"),
        responsible_person="张三",
        address="包头市昆区钢铁大街1号",
        area="150200",
        items=f.scope_entries((occupation, None, [5, 4])),
        documents=[services.SupportingDocument("营业执照", f.pdf())],
        manager_username="archive_manager",
        manager_full_name="王负责",
    )
    doc = FilingDocument.objects.get(application=application)
    stored = files_of(application).get()
    assert stored.purpose == FilePurpose.FILING_DOCUMENT and stored.name == doc.file.name
    assert stored.jurisdiction is not None and stored.jurisdiction.code == "150200" and stored.uploaded_by is None
