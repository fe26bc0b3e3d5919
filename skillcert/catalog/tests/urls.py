"""Test URLconf: the project's URLs plus the catalogue's, whichever the project has not wired yet.

Once config/urls.py includes the three catalogue URL modules this resolves to exactly the
project's URLs, so the tests exercise the real wiring.
"""

from django.urls import NoReverseMatch, include, path, reverse

from config.urls import urlpatterns as project_urlpatterns


def _wired(name: str) -> bool:
    try:
        reverse(name, urlconf="config.urls")
    except NoReverseMatch:
        return False
    return True


urlpatterns = list(project_urlpatterns)
if not _wired("catalog:occupation_list"):
    urlpatterns.append(path("catalog/", include("skillcert.catalog.urls")))
if not _wired("catalog-occupation-list"):
    urlpatterns.append(path("api/v1/catalog/", include("skillcert.catalog.api_urls")))
if not _wired("public-occupation-list"):
    urlpatterns.append(path("api/v1/public/", include("skillcert.catalog.public_api_urls")))
