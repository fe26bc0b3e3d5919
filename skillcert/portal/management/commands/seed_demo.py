"""python manage.py seed_demo — load the demo data once; running it again changes nothing."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext


class Command(BaseCommand):
    help = "加载演示数据（幂等：重复执行不会重复创建），并打印每个角色的演示账号"

    def handle(self, *args: Any, **options: Any) -> None:
        ctx: dict[str, Any] = {}
        # Each app may ship `demo.py` with `seed(ctx)`; they run in INSTALLED_APPS order.
        for config in apps.get_app_configs():
            if not config.name.startswith("skillcert."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(ctx)
        # Demo data is written as of months ago: a demo account's password period starts now.
        from skillcert.accounts import services as account_services
        from skillcert.accounts.models import User

        for user in User.objects.filter(is_active=True).order_by("id"):
            if user.password_expires_at <= timezone.now() + timedelta(days=30):
                account_services.restart_demo_password_period(user=user)
        for line in ctx.get("summary", []):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(gettext("演示账号（每个角色一个）："))
        for label, username, password in ctx.get("accounts", []):
            self.stdout.write(
                gettext("  %(label)s 用户名 %(username)s 密码 %(password)s")
                % {"label": format(label, "<24"), "username": format(username, "<22"), "password": password}
            )
        for line in ctx.get("notes", []):
            self.stdout.write(line)
