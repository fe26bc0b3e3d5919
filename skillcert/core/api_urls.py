from django.urls import path

from skillcert.core import api_views

urlpatterns = [
    path("audit-events/", api_views.AuditEventList.as_view(), name="api-audit-events"),
    path("policies/", api_views.PolicyList.as_view(), name="api-policies"),
    path("policies/<str:key>/", api_views.PolicyDetail.as_view(), name="api-policy"),
    path(
        "policy-sources/",
        api_views.PolicySourceViewSet.as_view({"get": "list", "post": "create"}),
        name="api-policy-sources",
    ),
    path("calendar-days/", api_views.CalendarDayList.as_view(), name="api-calendar-days"),
    path("calendar-days/<str:date>/", api_views.CalendarDayDetail.as_view(), name="api-calendar-day"),
    path("workdays/", api_views.WorkdayView.as_view(), name="api-workdays"),
]
