from django.urls import path

from skillcert.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.dashboard, name="dashboard"),
    path("workbench/audit/", views.audit_log, name="audit_log"),
    path("workbench/policies/", views.policies, name="policies"),
    path("workbench/calendar/", views.calendar, name="calendar"),
]
