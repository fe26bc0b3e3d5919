"""Small helpers shared by the accounts tests."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from django.test import Client
from django.urls import reverse

from skillcert.accounts.tests.factories import DEFAULT_PASSWORD


def login(client: Client, username: str, password: str = DEFAULT_PASSWORD, **kwargs: Any) -> Any:
    """Submit the login form."""
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **kwargs)


def send_code(client: Client, code: str, *, enrol: bool = False, **kwargs: Any) -> Any:
    url = reverse("accounts:totp_enrol" if enrol else "accounts:second_factor")
    return client.post(url, {"code": code}, **kwargs)


def wrong_code(secret: str) -> str:
    """A 6-digit code valid in none of the time steps the server could accept."""
    t = pyotp.TOTP(secret)
    now = time.time()
    valid = {t.at(now + d) for d in (-90, -60, -30, 0, 30, 60, 90)}
    return next(c for c in ("000000", "111111", "123456", "654321", "999999") if c not in valid)


def page_text(response: Any) -> str:
    return response.content.decode()
