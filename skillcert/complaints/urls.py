"""Pages of the complaints app: the public form and tracking (no login), the staff register and workflow."""

from django.urls import path

from skillcert.complaints.views import public, staff

app_name = "complaints"

urlpatterns = [
    path("", staff.inbox, name="inbox"),
    path("new/", public.file_complaint, name="file"),
    path("track/", public.track_complaint, name="track"),
    path("intake/", staff.intake, name="intake"),
    path("<int:pk>/", staff.detail, name="detail"),
    path("<int:pk>/reveal/", staff.reveal, name="reveal"),
    path("<int:pk>/attachments/<int:attachment_id>/", staff.attachment, name="attachment"),
    path("<int:pk>/<slug:action>/", staff.act, name="act"),
]
