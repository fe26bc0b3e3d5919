"""itembank API (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.itembank.api import views

router = SimpleRouter()
router.register("banks", views.BankViewSet, basename="itembank-bank")
router.register("knowledge-points", views.KnowledgePointViewSet, basename="itembank-knowledge-point")
router.register("items", views.ItemViewSet, basename="itembank-item")
router.register("blueprints", views.BlueprintViewSet, basename="itembank-blueprint")
router.register("assemblies", views.AssemblyViewSet, basename="itembank-assembly")
router.register("papers", views.PaperViewSet, basename="itembank-paper")
router.register("cbt-sessions", views.CbtSessionViewSet, basename="itembank-cbt-session")
router.register("sittings", views.SittingViewSet, basename="itembank-sitting")
router.register("answers", views.AnswerViewSet, basename="itembank-answer")
router.register("skills-sessions", views.SkillsSessionViewSet, basename="itembank-skills-session")
router.register("skills-sheets", views.SkillsSheetViewSet, basename="itembank-skills-sheet")

urlpatterns = [path("", include(router.urls))]
