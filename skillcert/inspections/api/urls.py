"""Inspections API, mounted under /api/v1/supervision/ beside the other supervision apps (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.inspections.api import views

router = SimpleRouter()
# Quality supervision (R-SUP-3, R-SUP-9).
router.register("supervision-assignments", views.SupervisionAssignmentViewSet, basename="inspections-assignment")
router.register("supervision-reports", views.ReportViewSet, basename="inspections-report")
router.register("internal-assignments", views.InternalAssignmentViewSet, basename="inspections-internal-assignment")
router.register("internal-records", views.InternalRecordViewSet, basename="inspections-internal-record")
router.register("rectification-orders", views.OrderViewSet, basename="inspections-order")
# 双随机、一公开 (R-SUP-4, R-SUP-10).
router.register("campaigns", views.CampaignViewSet, basename="inspections-campaign")
router.register("inspections", views.InspectionViewSet, basename="inspections-inspection")

urlpatterns = [path("", include(router.urls))]
