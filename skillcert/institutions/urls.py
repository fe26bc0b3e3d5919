"""Institution pages: the public register (no login) and the staff pages (R-INS-1..8, R-PUB-1)."""

from django.urls import path

from skillcert.institutions.views import branches, documents, entry, filings, operations, public

app_name = "institutions"

urlpatterns = [
    # Public: register, blacklist, applying and its status (no login).
    path("register/", public.public_register, name="register"),
    path("register/<int:pk>/", public.public_detail, name="public_detail"),
    path("register/documents/<int:pk>/", public.public_rule_document, name="public_rule_document"),
    path("blacklist/", public.public_blacklist, name="blacklist"),
    path("apply/", public.apply, name="apply"),
    path("apply/status/", public.application_status, name="application_status"),
    path("calls/open/", entry.public_calls, name="public_calls"),
    # Entry stages (征集、遴选、评估、公布).
    path("calls/", entry.calls, name="calls"),
    path("applications/<int:pk>/stages/", entry.application_stage, name="application_stage"),
    path("<int:pk>/publish/", entry.publish, name="publish"),
    # Staff lists with filters and Excel export.
    path("", filings.institution_list, name="list"),
    path("applications/", filings.application_list, name="applications"),
    path("applications/<int:pk>/", filings.application_detail, name="application_detail"),
    path("applications/documents/<int:pk>/", filings.application_document, name="application_document"),
    path("branch-filings/", branches.branch_filing_list, name="branch_filings"),
    path("branch-filings/<int:pk>/", branches.branch_filing_detail, name="branch_filing_detail"),
    path("branch-filings/<int:pk>/licence/", branches.branch_licence, name="branch_licence"),
    path("fees/", operations.fee_list, name="fees"),
    path("fees/flags/", operations.fee_flags, name="fee_flags"),
    path("fees/<int:pk>/publish/", operations.publish_fee, name="publish_fee"),
    path("commitments/", documents.commitment_texts, name="commitment_texts"),
    path("commitments/<int:pk>/countersign/", documents.countersign, name="countersign"),
    path("documents/<int:pk>/", documents.staff_rule_document, name="staff_rule_document"),
    path("documents/<int:pk>/publish/", documents.publish_rule_document, name="publish_rule_document"),
    path("venues/<int:venue_pk>/rooms/new/", operations.room_form, name="add_room"),
    # One institution.
    path("mine/", filings.mine, name="mine"),
    path("<int:pk>/", filings.institution_detail, name="detail"),
    path("<int:pk>/status/", filings.change_status, name="change_status"),
    path("<int:pk>/documents/new/", documents.add_rule_document, name="add_rule_document"),
    path("<int:pk>/commitment/", documents.commitment, name="commitment"),
    path("<int:pk>/fees/new/", operations.add_fee, name="add_fee"),
    path("<int:pk>/venues/new/", operations.venue_form, name="add_venue"),
    path("<int:pk>/venues/<int:venue_pk>/", operations.venue_form, name="edit_venue"),
    path("<int:pk>/roster/", operations.roster, name="roster"),
    path("<int:pk>/branches/new/", branches.register_branch, name="register_branch"),
    path("<int:pk>/branch-filings/new/", branches.submit_branch_filing, name="submit_branch_filing"),
    path("<int:pk>/applications/new/", filings.new_application, name="new_application"),
]
