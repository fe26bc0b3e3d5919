"""Sessions within capacity, seats by lot with a recorded seed, admission tickets as PDF (R-EXAM-5)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from skillcert.core.errors import DomainError
from skillcert.core.pdf import check_text, unsupported_characters
from skillcert.exams.choices import PlanStatus, RegistrationStatus
from skillcert.exams.models import Seat, SeatDraw
from skillcert.exams.services import sessions
from skillcert.exams.tests.conduct_factories import add_sessions, closed_plan

pytestmark = pytest.mark.django_db


def test_session_refuses_more_seats_than_the_room_holds_and_wrong_room_types():
    s = closed_plan(n=3, written_capacity=10)
    with pytest.raises(DomainError) as exc:
        sessions.create_session(
            actor=s.clerk,
            plan=s.plan,
            level=4,
            component="theory",
            room=s.written,
            starts_at=s.at(0, 9),
            ends_at=s.at(0, 11),
            capacity=11,
        )
    assert exc.value.field == "capacity" and "超过考场“101笔试室”的容纳人数10" in exc.value.message
    with pytest.raises(DomainError) as exc:
        sessions.create_session(
            actor=s.clerk,
            plan=s.plan,
            level=4,
            component="theory",
            room=s.workshop,
            starts_at=s.at(0, 9),
            ends_at=s.at(0, 11),
        )
    assert exc.value.field == "room" and "实操考场" in exc.value.message
    with pytest.raises(DomainError) as exc:
        sessions.create_session(
            actor=s.clerk,
            plan=s.plan,
            level=4,
            component="theory",
            room=s.written,
            starts_at=s.at(0, 9),
            ends_at=s.at(0, 9, 30),
        )
    assert "少于标准规定的最短90分钟" in exc.value.message
    with pytest.raises(DomainError) as exc:
        sessions.create_session(
            actor=s.clerk,
            plan=s.plan,
            level=4,
            component="theory",
            room=s.written,
            starts_at=s.at(5, 9),
            ends_at=s.at(5, 11),
        )
    assert exc.value.field == "starts_at" and "不在认定计划的考试日期" in exc.value.message


def test_a_room_cannot_hold_two_sessions_at_once():
    s = closed_plan(n=3)
    add_sessions(s)
    with pytest.raises(DomainError) as exc:
        sessions.create_session(
            actor=s.clerk,
            plan=s.plan,
            level=4,
            component="theory",
            room=s.written,
            starts_at=s.at(0, 10),
            ends_at=s.at(0, 12),
        )
    assert exc.value.code == "room_busy"


def test_seats_are_drawn_by_lot_reproducibly_and_within_capacity():
    s = closed_plan(n=12, written_capacity=8)
    sessions.create_session(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="theory",
        room=s.written,
        starts_at=s.at(0, 9),
        ends_at=s.at(0, 11),
    )
    with pytest.raises(DomainError) as exc:
        sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory", seed="abc")
    assert exc.value.code == "over_capacity" and "8个考位" in exc.value.message and "12人" in exc.value.message
    assert not Seat.objects.exists(), "nothing is half-saved"
    sessions.create_session(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="theory",
        room=s.written,
        starts_at=s.at(0, 13),
        ends_at=s.at(0, 15),
    )
    draws = sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory", seed="abc")
    assert {d.seed for d in draws} == {"abc"} and len(draws) == 2
    seats = list(Seat.objects.order_by("session__starts_at", "seat_number"))
    assert len(seats) == 12 and max(x.seat_number for x in seats) <= 8
    expected = sessions.seat_plan(
        sorted(draws[0].session.plan.sessions.all(), key=lambda x: x.starts_at), [r.pk for r in s.registrations], "abc"
    )
    assert [(x.session_id, x.seat_number, x.registration_id) for x in seats] == expected
    assert (
        sessions.seat_plan(list(s.plan.sessions.order_by("starts_at")), [r.pk for r in s.registrations], "xyz")
        != expected
    )
    check = sessions.replay_seat_draw(SeatDraw.objects.first())
    assert check.matches and check.candidates == 12
    numbers = {r.exam_number for r in s.plan.registrations.all()}
    assert len(numbers) == 12 and all(n.startswith(f"{s.plan.first_session_on:%y}{s.plan.pk:05d}4") for n in numbers)
    with pytest.raises(DomainError) as exc:
        sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory")
    assert exc.value.code == "already_drawn"


def test_seats_wait_for_registration_to_close_and_reviews_to_finish():
    s = closed_plan(n=3)
    add_sessions(s)
    s.registrations[0].status = RegistrationStatus.SUBMITTED
    s.registrations[0].save()
    with pytest.raises(DomainError) as exc:
        sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory")
    assert "1名考生待资格审核" in exc.value.message
    s.plan.status = PlanStatus.OPEN
    s.plan.save()
    with pytest.raises(DomainError) as exc:
        sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory")
    assert exc.value.code == "plan_status"


def test_other_institution_cannot_touch_the_sessions():
    from skillcert.core.errors import NotFoundError

    s = closed_plan(n=2)
    with pytest.raises(NotFoundError):
        sessions.create_session(
            actor=s.other_clerk,
            plan=s.plan,
            level=4,
            component="theory",
            room=s.written,
            starts_at=s.at(0, 9),
            ends_at=s.at(0, 11),
        )


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_ticket_pdf_carries_exam_number_session_room_seat_name_and_photo():
    s = closed_plan(n=3)
    add_sessions(s)
    registration = s.registrations[0]
    registration.photo = SimpleUploadedFile("photo.png", _png(), content_type="image/png")
    registration.save()
    with pytest.raises(DomainError) as exc:
        sessions.ticket_pdf(actor=s.clerk, registration=registration)
    assert exc.value.code == "not_seated"
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory")
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="skills")
    registration.refresh_from_db()
    data = sessions.ticket_pdf(actor=s.clerk, registration=registration)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    content = page.extract_text()
    seat = Seat.objects.get(registration=registration, session__component="theory")
    assert registration.exam_number in content
    assert registration.name in content
    assert "101笔试室" in content and "实训车间A" in content
    assert f"{seat.seat_number:02d}" in content
    assert "理论知识" in content and "操作技能" in content
    assert registration.id_number not in content and registration.masked_id_number in content
    assert page.images, "the photo is embedded"
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts and all("WenQuanYiMicroHei" in str(f["/BaseFont"]) for f in fonts), "the CJK font, embedded"
    assert sessions.ticket_pdf(actor=s.clerk, registration=registration) == data, "re-printing gives the same file"


def test_pdf_text_the_font_lacks_is_refused_with_the_field():
    assert unsupported_characters("张三") == []
    with pytest.raises(DomainError) as exc:
        check_text("王\U00020000", label="姓名", field="name")
    assert exc.value.field == "name" and "U+20000" in exc.value.message
    s = closed_plan(n=1)
    add_sessions(s)
    registration = s.registrations[0]
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory")
    registration.refresh_from_db()
    registration.name = "李\U0002a6a5"
    registration.save()
    with pytest.raises(DomainError) as exc:
        sessions.ticket_pdf(actor=s.clerk, registration=registration)
    assert exc.value.field == "name" and "姓名" in exc.value.message
