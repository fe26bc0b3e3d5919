"""Pages of the supervision app: /supervision/ (dashboards), /supervision/alerts/ (inbox)."""

from django.urls import path

from skillcert.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("alerts/", views.inbox, name="inbox"),
    path("alerts/acknowledge/", views.acknowledge, name="acknowledge"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
]
