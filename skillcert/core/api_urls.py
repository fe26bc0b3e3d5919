from django.urls import path

from skillcert.core import api_views

urlpatterns = [
    path("audit-events/", api_views.AuditEventList.as_view(), name="api-audit-events"),
]
