"""Public exams API under /api/v1/public/exams/ (no login; R-EXAM-2, R-EXAM-9, R-PUB-1)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.exams.api import plans, public_conduct

router = SimpleRouter()
router.register("announcements", plans.PublicAnnouncementViewSet, basename="public-exam-announcement")
router.register("results", public_conduct.PublicResultViewSet, basename="public-exam-result")
router.register("objections", public_conduct.PublicObjectionViewSet, basename="public-exam-objection")

urlpatterns = [path("", include(router.urls))]
