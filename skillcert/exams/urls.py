"""Exams pages under /exams/ (plans, registration and review; sessions, staffing, scoring, publicity)."""

from django.urls import path

from skillcert.exams.views import candidate, conduct, plans, registration, results_public, scoring

app_name = "exams"

urlpatterns = [
    # Plans, announcement, registration, roster imports, eligibility review (R-EXAM-1..4).
    path("", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/file/", plans.plan_file, name="plan_file"),
    path("plans/<int:pk>/question/", plans.plan_question, name="plan_question"),
    path("plans/<int:pk>/stop/", plans.plan_stop, name="plan_stop"),
    path("plans/<int:pk>/cancel/", plans.plan_cancel, name="plan_cancel"),
    path("plans/<int:pk>/announcement/", plans.plan_announcement, name="plan_announcement"),
    path("plans/<int:pk>/open/", plans.plan_open, name="plan_open"),
    path("plans/<int:pk>/close/", plans.plan_close, name="plan_close"),
    path("queries/<int:pk>/answer/", plans.query_answer, name="query_answer"),
    path("plans/<int:pk>/registrations/", registration.registration_list, name="registrations"),
    path("plans/<int:pk>/registrations/approve/", registration.registrations_approve, name="registrations_approve"),
    path("plans/<int:pk>/imports/", registration.imports, name="imports"),
    path("imports/<int:pk>/", registration.import_detail, name="import"),
    path("imports/<int:pk>/status/", registration.import_status, name="import_status"),
    path("imports/<int:pk>/errors.xlsx", registration.import_errors, name="import_errors"),
    path("roster-template.xlsx", registration.roster_template, name="roster_template"),
    path("registrations/<int:pk>/", registration.registration_detail, name="registration"),
    path("registrations/<int:pk>/approve/", registration.registration_approve, name="registration_approve"),
    path("registrations/<int:pk>/reject/", registration.registration_reject, name="registration_reject"),
    path("registrations/<int:pk>/evidence/", registration.evidence_add, name="evidence_add"),
    path("registrations/<int:pk>/photo/", registration.registration_photo, name="registration_photo"),
    path("evidence/<int:pk>/", registration.evidence_download, name="evidence"),
    path("announcements/", candidate.announcement_list, name="announcements"),
    path("announcements/<str:number>/", candidate.announcement_detail, name="announcement"),
    path("announcements/<str:number>/apply/", candidate.apply, name="apply"),
    path("signup/", candidate.signup, name="signup"),
    path("my/registrations/", candidate.my_registrations_page, name="my_registrations"),
    path("my/registrations/<int:pk>/", candidate.my_registration, name="my_registration"),
    path("my/registrations/<int:pk>/withdraw/", candidate.my_registration_withdraw, name="my_registration_withdraw"),
    # Sessions, seats and tickets, staffing, check-in, incidents (R-EXAM-5..7).
    path("sessions/", conduct.session_list, name="session_list"),
    path("plans/<int:pk>/sessions/", conduct.plan_sessions, name="plan_sessions"),
    path("plans/<int:pk>/sessions/new/", conduct.session_create, name="session_create"),
    path("plans/<int:pk>/seats/draw/", conduct.seats_draw, name="seats_draw"),
    path("sessions/<int:pk>/", conduct.session_detail, name="session"),
    path("sessions/<int:pk>/delete/", conduct.session_delete, name="session_delete"),
    path("sessions/<int:pk>/staff/", conduct.staff_assign, name="staff_assign"),
    path("sessions/<int:pk>/staff/confirm/", conduct.staff_confirm, name="staff_confirm"),
    path("sessions/<int:pk>/supervisor/", conduct.supervisor_draw, name="supervisor_draw"),
    path("sessions/<int:pk>/check-in/", conduct.check_in, name="check_in"),
    path("sessions/<int:pk>/incidents/", conduct.incident_record, name="incident_record"),
    path("session-staff/<int:pk>/remove/", conduct.staff_remove, name="staff_remove"),
    path("registrations/<int:pk>/ticket.pdf", conduct.ticket, name="ticket"),
    # Scoring, publicity, objections, re-checks (R-EXAM-8, R-EXAM-9).
    path("plans/<int:pk>/scores/<int:level>/<str:component>/", scoring.score_grid, name="score_grid"),
    path(
        "plans/<int:pk>/scores/<int:level>/<str:component>/template.xlsx", scoring.score_template, name="score_template"
    ),
    path("plans/<int:pk>/results/", scoring.plan_results, name="plan_results"),
    path("plans/<int:pk>/results/confirm/", scoring.scores_confirm, name="scores_confirm"),
    path("plans/<int:pk>/results/publish/", scoring.results_publish, name="results_publish"),
    path("plans/<int:pk>/results/finalise/", scoring.results_finalise, name="results_finalise"),
    path("scores/<int:pk>/change/", scoring.score_change, name="score_change"),
    path("objections/<int:pk>/handle/", scoring.objection_handle, name="objection_handle"),
    path("rechecks/<int:pk>/handle/", scoring.recheck_handle, name="recheck_handle"),
    path("public/results/", results_public.results_public, name="public_results"),
    path("public/results/<int:pk>/", results_public.result_public, name="public_result"),
    path("public/results/<int:pk>/objection/", results_public.objection_file, name="objection_file"),
    path("public/objections/", results_public.objection_track, name="objection_track"),
    path("my/tickets/", results_public.my_exams, {"tab": "tickets"}, name="my_tickets"),
    path("my/scores/", results_public.my_exams, {"tab": "scores"}, name="my_scores"),
    path("my/objections/", results_public.my_exams, {"tab": "objections"}, name="my_objections"),
    path("my/rechecks/", results_public.my_exams, {"tab": "rechecks"}, name="my_rechecks"),
    path("my/registrations/<int:pk>/recheck/", results_public.my_recheck, name="my_recheck"),
]
