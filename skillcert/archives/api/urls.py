"""archives API under /api/v1/archives/ (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.archives.api import views

router = SimpleRouter()
router.register("files", views.StoredFileViewSet, basename="archives-file")
router.register("dossiers", views.DossierViewSet, basename="archives-dossier")
router.register("holds", views.LegalHoldViewSet, basename="archives-hold")
router.register("disposals", views.DisposalViewSet, basename="archives-disposal")

urlpatterns = [
    path("trace/certificates/<int:pk>/", views.CertificateTraceView.as_view(), name="archives-trace"),
    path("trace/certificates/<int:pk>/pdf/", views.CertificateTracePdfView.as_view(), name="archives-trace-pdf"),
    path("trace/people/<int:pk>/certificates/", views.PersonCertificatesView.as_view(), name="archives-trace-person"),
    path(
        "trace/sessions/<int:pk>/certificates/", views.SessionCertificatesView.as_view(), name="archives-trace-session"
    ),
    path("", include(router.urls)),
]
