"""Public filing and staff intake: routing, deadlines, tracking, attachments and bad input (R-SUP-5)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.complaints import selectors, services
from skillcert.complaints.choices import Source, Status, SubjectKind
from skillcert.complaints.models import Attachment, Complaint
from skillcert.complaints.tests import factories as cf
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.institutions.choices import InstitutionType
from skillcert.institutions.models import Venue
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_league_institution_goes_to_its_league_bureau_with_a_15_day_acceptance_deadline():
    institution = f.FiledInstitutionFactory(league="150200")
    filed = cf.file(institution, attachments=[cf.pdf()])
    c = filed.complaint
    assert c.jurisdiction.code == "150200" and c.handler.code == "bureau-150200"
    assert c.received_on == timezone.localdate()
    assert c.accept_due == c.received_on + datetime.timedelta(days=15)
    assert c.status == Status.RECEIVED and c.source == Source.ONLINE
    assert Attachment.objects.get(complaint=c).original_name == "证据.pdf"
    assert AuditEvent.objects.filter(action="complaints.filed", object_id=str(c.pk)).exists()


def test_attachments_are_kept_by_the_archives_file_service_and_served_back():
    from skillcert.archives.choices import FilePurpose
    from skillcert.archives.files import files_of, read_file

    c = cf.file(f.FiledInstitutionFactory(league="150200"), attachments=[cf.pdf()]).complaint
    stored = files_of(c).get()
    attachment = Attachment.objects.get(complaint=c)
    assert stored.purpose == FilePurpose.COMPLAINT_ATTACHMENT and stored.jurisdiction == c.jurisdiction
    assert attachment.file.name == stored.name and attachment.sha256 == stored.sha256
    assert read_file(stored).startswith(b"%PDF-") and stored.original_name == "证据.pdf"
    assert AuditEvent.objects.filter(action="archives.file_stored", object_id=str(stored.pk)).exists()


def test_a_region_level_institution_goes_to_the_region_department():
    institution = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    c = cf.file(institution).complaint
    assert c.jurisdiction.level == "region" and c.handler.code == "region_dept"


def test_a_branch_goes_to_the_league_of_its_venue():
    parent = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE, league="150200")
    branch = f.FiledInstitutionFactory(
        type=InstitutionType.ENTERPRISE, parent=parent, league="150200", filing_number=None, filed_on=None
    )
    Venue.objects.create(institution=branch, name="鄂尔多斯考点", league=f.jurisdiction("150600"), address="鄂尔多斯")
    from skillcert.complaints.services.common import jurisdiction_of_institution

    assert jurisdiction_of_institution(branch).code == "150600"


def test_a_person_goes_to_the_region_which_routes_it_on():
    c = cf.file(None).complaint
    assert c.subject_kind == SubjectKind.PERSON and c.handler.code == "region_dept"


def test_working_day_rule_counts_only_working_days(set_policy):
    set_policy("complaints.day_kind", "working")
    from skillcert.core.workdays import add_working_days

    c = cf.file(f.FiledInstitutionFactory()).complaint
    assert c.accept_due == add_working_days(c.received_on, 15)
    assert c.accept_due > c.received_on + datetime.timedelta(days=15)


def test_the_tracking_code_and_secret_show_progress_and_only_both_do():
    filed = cf.file(f.FiledInstitutionFactory())
    view = selectors.track(filed.complaint.tracking_code, filed.secret)
    assert view is not None and view.status_label == "待受理" and [s.label for s in view.steps] == ["收到"]
    assert selectors.track(filed.complaint.tracking_code.lower(), filed.secret.lower()) is not None
    assert selectors.track(filed.complaint.tracking_code, "WRNG-WRNG-WRNG") is None
    assert selectors.track("TS20260101-AAAAAAAA", filed.secret) is None
    assert selectors.track("", "") is None
    assert filed.secret not in Complaint.objects.values_list("secret_hash", flat=True)


def test_contact_details_are_encrypted_at_rest_and_dropped_when_anonymous():
    from django.db import connection

    c = cf.file(f.FiledInstitutionFactory()).complaint
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_name, contact_phone FROM complaints_complaint WHERE id = %s", [c.pk])
        raw = cursor.fetchone()
    assert "张三丰" not in raw[0] and "13812345678" not in raw[1]
    assert c.contact_name_masked == "张*丰" and c.contact_phone_masked == "138****5678"
    anon = cf.file(f.FiledInstitutionFactory(), anonymous=True).complaint
    anon.refresh_from_db()
    assert anon.contact_name == "" and anon.contact_phone == ""


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("病毒.exe", b"MZ\x90\x00"), "file_type"),
        (SimpleUploadedFile("假的.pdf", b"not a pdf at all"), "file_content"),
        (SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "file_size"),
    ],
)
def test_attachments_of_the_wrong_type_or_oversize_are_refused_and_nothing_is_saved(upload, code):
    with pytest.raises(DomainError) as err:
        cf.file(f.FiledInstitutionFactory(), attachments=[upload])
    assert err.value.code == code and err.value.field == "attachments" and "附件" in err.value.message
    assert not Complaint.objects.exists() and not Attachment.objects.exists()


def test_a_10kb_name_is_refused_naming_the_field():
    with pytest.raises(DomainError) as err:
        cf.file(f.FiledInstitutionFactory(), contact_name="张" * 10240)
    assert err.value.field == "contact_name" and "姓名" in err.value.message and "50" in err.value.message
    assert not Complaint.objects.exists()


def test_an_institution_not_on_the_public_register_is_refused():
    unfiled = f.FiledInstitutionFactory(filed_on=None, filing_number=None)
    with pytest.raises(DomainError) as err:
        cf.file(unfiled)
    assert err.value.field == "institution"


def test_staff_record_a_media_report_with_its_source():
    bureau = f.bureau_user("150100")
    institution = f.FiledInstitutionFactory()
    filed = services.record_complaint(
        actor=bureau,
        data=cf.data(institution, contact_name="", contact_phone=""),
        source=Source.MEDIA,
        source_detail="《北方新报》2026年12月1日：某机构证书“花钱就能拿”",
        received_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    c = filed.complaint
    assert c.source == Source.MEDIA and "北方新报" in c.source_detail and c.recorded_by == bureau
    assert c.accept_due == c.received_on + datetime.timedelta(days=15)
    with pytest.raises(DomainError) as err:
        services.record_complaint(actor=bureau, data=cf.data(institution), source=Source.MEDIA, source_detail="")
    assert err.value.field == "source_detail"


def test_institution_staff_cannot_record_complaints():
    institution = f.FiledInstitutionFactory()
    with pytest.raises(PermissionDenied):
        services.record_complaint(
            actor=f.staff(institution, Role.MANAGER), data=cf.data(institution), source=Source.PHONE, source_detail=""
        )
    center = UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150100"), roles=[Role.CLERK])
    with pytest.raises(PermissionDenied):
        services.record_complaint(actor=center, data=cf.data(institution), source=Source.PHONE, source_detail="")
