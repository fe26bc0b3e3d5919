"""Top-level URLs: pages per app, the REST API under /api/v1/, the schema and its docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

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
]

urlpatterns = [
    path("", include("skillcert.portal.urls")),
    path("accounts/", include("skillcert.accounts.urls")),
    path("catalog/", include("skillcert.catalog.urls")),
    path("institutions/", include("skillcert.institutions.urls")),
    path("personnel/", include("skillcert.personnel.urls")),
    path("exams/", include("skillcert.exams.urls")),
    path("certificates/", include("skillcert.certificates.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]
