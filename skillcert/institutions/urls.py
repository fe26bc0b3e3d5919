"""Institution pages: the public register (no login) and the staff pages (R-INS-1..8, R-PUB-1)."""

from django.urls import path

from skillcert.institutions import views, views_entry

app_name = "institutions"

urlpatterns = [
    # Public: register, blacklist, applying and its status (no login).
    path("register/", views.public_register, name="register"),
    path("register/<int:pk>/", views.public_detail, name="public_detail"),
    path("register/documents/<int:pk>/", views.public_rule_document, name="public_rule_document"),
    path("blacklist/", views.public_blacklist, name="blacklist"),
    path("apply/", views.apply, name="apply"),
    path("apply/status/", views.application_status, name="application_status"),
    path("calls/open/", views_entry.public_calls, name="public_calls"),
    # Entry stages (征集、遴选、评估、公布).
    path("calls/", views_entry.calls, name="calls"),
    path("applications/<int:pk>/stages/", views_entry.application_stage, name="application_stage"),
    path("<int:pk>/publish/", views_entry.publish, name="publish"),
    # Staff lists with filters and Excel export.
    path("", views.institution_list, name="list"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/documents/<int:pk>/", views.application_document, name="application_document"),
    path("branch-filings/", views.branch_filing_list, name="branch_filings"),
    path("branch-filings/<int:pk>/", views.branch_filing_detail, name="branch_filing_detail"),
    path("branch-filings/<int:pk>/licence/", views.branch_licence, name="branch_licence"),
    path("fees/", views.fee_list, name="fees"),
    path("fees/flags/", views.fee_flags, name="fee_flags"),
    path("fees/<int:pk>/publish/", views.publish_fee, name="publish_fee"),
    path("commitments/", views.commitment_texts, name="commitment_texts"),
    path("commitments/<int:pk>/countersign/", views.countersign, name="countersign"),
    path("documents/<int:pk>/", views.staff_rule_document, name="staff_rule_document"),
    path("documents/<int:pk>/publish/", views.publish_rule_document, name="publish_rule_document"),
    path("venues/<int:venue_pk>/rooms/new/", views.room_form, name="add_room"),
    # One institution.
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/status/", views.change_status, name="change_status"),
    path("<int:pk>/documents/new/", views.add_rule_document, name="add_rule_document"),
    path("<int:pk>/commitment/", views.commitment, name="commitment"),
    path("<int:pk>/fees/new/", views.add_fee, name="add_fee"),
    path("<int:pk>/venues/new/", views.venue_form, name="add_venue"),
    path("<int:pk>/venues/<int:venue_pk>/", views.venue_form, name="edit_venue"),
    path("<int:pk>/roster/", views.roster, name="roster"),
    path("<int:pk>/branches/new/", views.register_branch, name="register_branch"),
    path("<int:pk>/branch-filings/new/", views.submit_branch_filing, name="submit_branch_filing"),
    path("<int:pk>/applications/new/", views.new_application, name="new_application"),
]
