"""Exams API under /api/v1/exams/ (login required) — one router for the whole app."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.exams.api import conduct, plans, sheets

router = SimpleRouter()
# Plans, registrations, roster imports, eligibility review (R-EXAM-1..4).
router.register("plans", plans.PlanViewSet, basename="exams-plan")
router.register("registrations", plans.RegistrationViewSet, basename="exams-registration")
router.register("roster-imports", plans.RosterImportViewSet, basename="exams-roster-import")
# Sessions, seats, tickets, staffing, check-in, incidents, scoring, publicity (R-EXAM-5..9).
router.register("sessions", conduct.SessionViewSet, basename="exams-session")
router.register("seats", conduct.SeatViewSet, basename="exams-seat")
router.register("seat-draws", conduct.SeatDrawViewSet, basename="exams-seat-draw")
router.register("session-staff", conduct.StaffViewSet, basename="exams-session-staff")
router.register("attendance", conduct.AttendanceViewSet, basename="exams-attendance")
router.register("incidents", conduct.IncidentViewSet, basename="exams-incident")
router.register("scores", conduct.ScoreViewSet, basename="exams-score")
router.register("score-changes", conduct.ScoreChangeViewSet, basename="exams-score-change")
router.register("results", conduct.ResultViewSet, basename="exams-result")
router.register("publications", conduct.PublicationViewSet, basename="exams-publication")
router.register("objections", conduct.ObjectionViewSet, basename="exams-objection")
router.register("rechecks", conduct.RecheckViewSet, basename="exams-recheck")
router.register("tickets", conduct.TicketViewSet, basename="exams-ticket")
# Examiners' own score sheets, gap decisions by the chief examiner, rubrics (R-EXAM-11).
router.register("score-sheets", sheets.ScoreSheetViewSet, basename="exams-score-sheet")
router.register("gap-reviews", sheets.GapReviewViewSet, basename="exams-gap-review")
router.register("rubrics", sheets.RubricViewSet, basename="exams-rubric")

urlpatterns = [
    path("my-workbench/", conduct.MyWorkbenchView.as_view(), name="exams-my-workbench"),
    path("", include(router.urls)),
]
