"""What an examiner or supervisor has to do today, read from their own register entry: sessions,
sheets to sign, gaps to decide as chief examiner, cards and training (R-EXAM-6, R-EXAM-11, R-PER-1)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from skillcert.accounts.models import User
from skillcert.exams.models import GapReview, SessionStaff
from skillcert.exams.selectors.sheets import SessionSheets, open_gaps_for_chief, sheets_to_sign
from skillcert.personnel.choices import AppointmentStatus
from skillcert.personnel.eligibility import may_serve
from skillcert.personnel.models import Appointment

CARD_WARNING_DAYS = 90
"""Cards expiring within this many days are shown as due for renewal."""


@dataclass
class Workbench:
    """An examiner's or supervisor's to-do list: sessions ahead, cards to renew, training due."""

    assignments: list[SessionStaff] = field(default_factory=list)
    cards_due: list[Appointment] = field(default_factory=list)
    training_due: list[dict[str, Any]] = field(default_factory=list)
    sheets: list[SessionSheets] = field(default_factory=list)
    """Sessions the person scores, with sheets signed and still to sign (R-EXAM-11)."""
    gaps: list[GapReview] = field(default_factory=list)
    """Wide gaps waiting for the person as chief examiner (R-EXAM-11)."""

    @property
    def empty(self) -> bool:
        return not (self.assignments or self.cards_due or self.training_due or self.sheets or self.gaps)

    @property
    def to_sign(self) -> int:
        return sum(s.to_sign for s in self.sheets)


def workbench_for(actor: User, *, on: datetime.date | None = None) -> Workbench:
    """The actor's own sessions from today on, their cards expiring soon and training due, by register entry."""
    if not getattr(actor, "is_authenticated", False):
        return Workbench()
    today = on or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    assignments = list(
        SessionStaff.objects.filter(person__user=actor, session__ends_at__gte=start)
        .select_related("session__room__venue", "session__plan", "session__staffing_confirmation", "person")
        .order_by("session__starts_at", "pk")
    )
    appointments = list(
        Appointment.objects.filter(person__user=actor, status=AppointmentStatus.ACTIVE).select_related("person")
    )
    cards_due = [
        a
        for a in appointments
        if a.card_valid_until is not None and a.card_valid_until <= today + datetime.timedelta(days=CARD_WARNING_DAYS)
    ]
    training_due = []
    for a in appointments:
        _ok, findings = may_serve(a.person, a.role, on=today)
        for finding in findings:
            if finding.code == "training_stale":
                training_due.append({"role": a.get_role_display(), "message": finding.message})
    return Workbench(
        assignments=assignments,
        cards_due=cards_due,
        training_due=training_due,
        sheets=sheets_to_sign(actor),
        gaps=list(open_gaps_for_chief(actor)),
    )
