"""reports API under /api/v1/reports/ (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.reports.api import views

router = SimpleRouter()
router.register("summaries", views.AnnualSummaryViewSet, basename="reports-summary")

urlpatterns = [path("", include(router.urls))]
