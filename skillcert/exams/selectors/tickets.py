"""What an admission ticket (准考证) prints, read from the registration and its seats (R-EXAM-5)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from skillcert.catalog.choices import level_label
from skillcert.catalog.models import display_work_type
from skillcert.core.errors import DomainError
from skillcert.exams.choices import IdType, RegistrationStatus
from skillcert.exams.models import ExamSession, Registration, Seat


@dataclass(frozen=True)
class TicketLine:
    component: str
    when: str
    venue: str
    room: str
    seat: str


@dataclass(frozen=True)
class TicketData:
    """Everything printed on one admission ticket (R-EXAM-5)."""

    exam_number: str
    name: str
    id_type: str
    id_number_masked: str
    occupation: str
    work_type: str
    level: str
    institution: str
    venue: str
    address: str
    plan_number: str
    lines: tuple[TicketLine, ...]
    photo: bytes | None = None
    contact: str = ""


def _photo_bytes(registration: Registration) -> bytes | None:
    if not registration.photo:
        return None
    try:
        with registration.photo.open("rb") as handle:
            data: bytes = handle.read()
            return data
    except (OSError, ValueError):
        return None


def _when(session: ExamSession) -> str:
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"


def ticket_data(registration: Registration) -> TicketData:
    """The ticket's content from the registration and its seats; refused before seats are drawn."""
    if registration.status != RegistrationStatus.APPROVED:
        raise DomainError(gettext("资格审核通过后方可打印准考证"), field="registration", code="not_approved")
    seats = list(
        Seat.objects.filter(registration=registration)
        .select_related("session__room__venue")
        .order_by("session__starts_at", "session__id")
    )
    if not seats or not registration.exam_number:
        raise DomainError(gettext("尚未抽签排座，准考证暂不能打印"), field="registration", code="not_seated")
    plan = registration.plan
    lines = tuple(
        TicketLine(
            component=seat.session.get_component_display(),
            when=_when(seat.session),
            venue=seat.session.room.venue.name,
            room=seat.session.room.name,
            seat=f"{seat.seat_number:02d}",
        )
        for seat in seats
    )
    return TicketData(
        exam_number=registration.exam_number,
        name=registration.name,
        id_type=str(IdType(registration.id_type).label),
        id_number_masked=registration.masked_id_number,
        occupation=plan.occupation.name,
        work_type=display_work_type(plan.work_type),
        level=level_label(registration.level),
        institution=plan.institution.filed_name,
        venue=plan.venue.name,
        address=plan.venue.address,
        plan_number=plan.number,
        lines=lines,
        photo=_photo_bytes(registration),
        contact=plan.contact,
    )
