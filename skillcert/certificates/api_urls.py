"""Certificates API under /api/v1/certificates/ (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.certificates import api

router = SimpleRouter()
router.register("proposals", api.ProposalViewSet, basename="certificates-proposal")
router.register("runs", api.RunViewSet, basename="certificates-run")
router.register("export-batches", api.ExportBatchViewSet, basename="certificates-export-batch")
router.register("site-serials", api.SiteSerialViewSet, basename="certificates-site-serial")
router.register("", api.CertificateViewSet, basename="certificates-certificate")

urlpatterns = [path("", include(router.urls))]
