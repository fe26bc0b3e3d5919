"""Personnel pages (R-PER-1..3, R-SUP-7, R-SUP-8)."""

from django.urls import path

from skillcert.personnel import views

app_name = "personnel"

urlpatterns = [
    path("", views.people, name="people"),
    path("new/", views.person_create, name="person_create"),
    path("registrations/", views.registrations, name="registrations"),
    path("registrations/<int:pk>/decide/", views.registration_decide, name="registration_decide"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("<int:pk>/roles/", views.person_add_role, name="person_add_role"),
    path("<int:pk>/qualifications/", views.person_add_qualification, name="person_add_qualification"),
    path("<int:pk>/trainings/", views.person_add_training, name="person_add_training"),
    path("<int:pk>/relations/", views.person_add_relation, name="person_add_relation"),
    path("<int:pk>/violations/", views.person_add_violation, name="person_add_violation"),
    path("<int:pk>/login/", views.person_create_login, name="person_create_login"),
    path("appointments/<int:pk>/approve/", views.appointment_approve, name="appointment_approve"),
    path("appointments/<int:pk>/reject/", views.appointment_reject, name="appointment_reject"),
    path("appointments/<int:pk>/renew/", views.appointment_renew, name="appointment_renew"),
    path("appointments/<int:pk>/revoke/", views.appointment_revoke, name="appointment_revoke"),
    path("qualifications/", views.qualifications, name="qualifications"),
    path("qualifications/<int:pk>/revoke/", views.qualification_revoke, name="qualification_revoke"),
    path("relations/<int:pk>/withdraw/", views.relation_withdraw, name="relation_withdraw"),
    path("import/<str:kind>/", views.import_view, name="import"),
    path("import/<str:kind>/errors/", views.import_errors, name="import_errors"),
    path("import/<str:kind>/template/", views.import_template, name="import_template"),
    path("violations/", views.violations, name="violations"),
    path("violations/<int:pk>/", views.violation_detail, name="violation"),
    path("violations/<int:pk>/sanction/", views.violation_sanction, name="violation_sanction"),
    path("violations/<int:pk>/refer/", views.violation_refer, name="violation_refer"),
    path("violations/<int:pk>/dismiss/", views.violation_dismiss, name="violation_dismiss"),
    path("dispatch/", views.dispatch, name="dispatch"),
    path("dispatch/<int:pk>/", views.draw_detail, name="draw"),
    path("workforce/", views.workforce, name="workforce"),
]
