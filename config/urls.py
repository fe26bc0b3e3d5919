"""Top-level URLs: pages per app, the REST API under /api/v1/, the schema and its docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from skillcert.certificates.offline_views import scan
from skillcert.core.views import healthz

api_v1 = [
    path("core/", include("skillcert.core.api_urls")),
    path("accounts/", include("skillcert.accounts.api_urls")),
    path("catalog/", include("skillcert.catalog.api_urls")),
    path("personnel/", include("skillcert.personnel.api_urls")),
    path("public/", include("skillcert.portal.public_api_urls")),
    path("public/", include("skillcert.catalog.public_api_urls")),
    path("institutions/", include("skillcert.institutions.api_urls")),
    path("public/", include("skillcert.institutions.public_api_urls")),
    path("exams/", include("skillcert.exams.api.urls")),
    path("public/exams/", include("skillcert.exams.api.public_urls")),
    path("certificates/", include("skillcert.certificates.api_urls")),
    path("public/certificates/", include("skillcert.certificates.public_api_urls")),
    path("itembank/", include("skillcert.itembank.api.urls")),
    path("public/itembank/", include("skillcert.itembank.api.public_urls")),
    # Supervision is one API area (/api/v1/supervision/...) served by four apps.
    path("supervision/", include("skillcert.supervision.api.urls")),
    path("supervision/", include("skillcert.inspections.api.urls")),
    path("supervision/", include("skillcert.sanctions.api.urls")),
    path("supervision/", include("skillcert.complaints.api.urls")),
    path("public/supervision/", include("skillcert.supervision.api.public_urls")),
    path("public/inspections/", include("skillcert.inspections.api.public_urls")),
    path("public/sanctions/", include("skillcert.sanctions.api.public_urls")),
    path("public/complaints/", include("skillcert.complaints.api.public_urls")),
    path("archives/", include("skillcert.archives.api.urls")),
    path("reports/", include("skillcert.reports.api.urls")),
]

urlpatterns = [
    path("", include("skillcert.portal.urls")),
    path("accounts/", include("skillcert.accounts.urls")),
    path("catalog/", include("skillcert.catalog.urls")),
    path("institutions/", include("skillcert.institutions.urls")),
    path("personnel/", include("skillcert.personnel.urls")),
    path("exams/", include("skillcert.exams.urls")),
    path("certificates/", include("skillcert.certificates.urls")),
    path("itembank/", include("skillcert.itembank.urls")),
    path("supervision/", include("skillcert.supervision.urls")),
    path("inspections/", include("skillcert.inspections.urls")),
    path("sanctions/", include("skillcert.sanctions.urls")),
    path("complaints/", include("skillcert.complaints.urls")),
    path("archives/", include("skillcert.archives.urls")),
    path("reports/", include("skillcert.reports.urls")),
    path("healthz", healthz, name="healthz"),
    path(".well-known/", include("skillcert.certificates.wellknown_urls")),
    path("V", scan, name="certificate_scan"),  # upper case: the QR code's URL stays alphanumeric
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]
