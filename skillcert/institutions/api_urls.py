"""Institutions API under /api/v1/institutions/ (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.institutions import api, api_entry

router = SimpleRouter()
router.register("institutions", api.InstitutionViewSet, basename="institution")
router.register("applications", api.ApplicationViewSet, basename="institution-application")
router.register("applications", api_entry.ApplicationStageViewSet, basename="institution-application-stage")
router.register("institutions", api_entry.PublicationViewSet, basename="institution-publication")
router.register("calls", api_entry.SelectionCallViewSet, basename="institution-call")
router.register("branch-filings", api.BranchFilingViewSet, basename="institution-branch-filing")
router.register("rule-documents", api.RuleDocumentViewSet, basename="institution-rule-document")
router.register("commitment-texts", api.CommitmentTextViewSet, basename="institution-commitment-text")
router.register("commitments", api.CommitmentViewSet, basename="institution-commitment")
router.register("fees", api.FeeViewSet, basename="institution-fee")
router.register("fee-flags", api.FeeFlagViewSet, basename="institution-fee-flag")
router.register("venues", api.VenueViewSet, basename="institution-venue")
router.register("roster", api.RosterViewSet, basename="institution-roster")

urlpatterns = [path("", include(router.urls))]
