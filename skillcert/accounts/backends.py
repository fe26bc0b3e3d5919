"""Password authentication with per-account lockout (R-X-2).

Every password login in the platform goes through `LockoutModelBackend` (it is the only
entry in AUTHENTICATION_BACKENDS): a locked account is refused even with the right
password, a wrong password counts towards the lock, and an unknown username is treated
like a wrong password so the answer never reveals which accounts exist. The failure
counter of an account that needs a second factor is only reset once the TOTP step passes
too (`services.complete_login`), so re-entering the password cannot buy more code guesses.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from skillcert.accounts import services
from skillcert.accounts.choices import LoginFailure
from skillcert.accounts.models import User


class LockoutModelBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        try:
            user = User._default_manager.select_related("organisation").get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            # Hash once anyway so an unknown name takes as long as a wrong password (Django #20760).
            User().set_password(password)
            services.record_unknown_username(username=username)
            return None
        if user.is_locked():
            services.record_login_failure(user=user, reason=LoginFailure.LOCKED)
            return None
        if not user.check_password(password):
            services.record_login_failure(user=user, reason=LoginFailure.BAD_PASSWORD)
            return None
        if not self.user_can_authenticate(user):
            services.record_refused_login(user=user, reason=LoginFailure.INACTIVE)
            return None
        # The login view asks for the second factor, then records the login (services.complete_login).
        return user

    async def aauthenticate(  # type: ignore[override]
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        return await sync_to_async(self.authenticate)(request, username=username, password=password, **kwargs)
