"""Personnel API under /api/v1/personnel/ (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.personnel import api

router = SimpleRouter()
router.register("people", api.PersonViewSet, basename="personnel-person")
router.register("registrations", api.RegistrationViewSet, basename="personnel-registration")
router.register("appointments", api.AppointmentViewSet, basename="personnel-appointment")
router.register("qualifications", api.QualificationViewSet, basename="personnel-qualification")
router.register("trainings", api.TrainingViewSet, basename="personnel-training")
router.register("relations", api.RelationViewSet, basename="personnel-relation")
router.register("violations", api.ViolationViewSet, basename="personnel-violation")
router.register("sanctions", api.SanctionViewSet, basename="personnel-sanction")
router.register("assignments", api.AssignmentViewSet, basename="personnel-assignment")
router.register("draws", api.DrawViewSet, basename="personnel-draw")
router.register("workforce-targets", api.TargetViewSet, basename="personnel-target")

urlpatterns = [
    path("workforce/", api.WorkforceSummaryView.as_view(), name="personnel-workforce"),
    path("", include(router.urls)),
]
