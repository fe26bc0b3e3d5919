"""WSGI entry point (gunicorn config.wsgi).

Public verification's JSON look-ups are answered before Django's request handler, with the same answer
and headers (skillcert.certificates.public_wsgi, issue #16); every other request goes to Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from skillcert.certificates.public_wsgi import LeanVerification  # noqa: E402 - needs the apps loaded

application = LeanVerification(django_application)
