"""python manage.py demo_totp <username> — the current TOTP code of a demo account (DEBUG only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from skillcert.accounts import totp
from skillcert.accounts.demo import DEMO_USERNAMES
from skillcert.accounts.models import User


class Command(BaseCommand):
    help = "打印演示账号当前的 6 位动态口令（仅在 DEBUG 模式下、仅限 seed_demo 创建的演示账号）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=gettext("演示账号的用户名，例如 region_admin"))

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        if not settings.DEBUG:
            raise CommandError(gettext("拒绝执行：demo_totp 只能在 DEBUG 模式（演示环境）下使用"))
        if username not in DEMO_USERNAMES:
            raise CommandError(gettext("拒绝执行：“%(username)s”不是演示账号") % {"username": username})
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                gettext("演示账号“%(username)s”不存在，请先运行 python manage.py seed_demo") % {"username": username}
            )
        secret = totp.demo_secret(username)
        if not user.totp_enrolled and not user.needs_second_factor:
            raise CommandError(
                gettext("演示账号“%(username)s”不需要动态口令，直接用用户名和密码登录即可") % {"username": username}
            )
        if not user.totp_enrolled or user.get_totp_secret() != secret:
            raise CommandError(
                gettext("演示账号“%(username)s”没有使用演示密钥绑定动态口令（可能已重新绑定），无法代为生成")
                % {"username": username}
            )
        self.stdout.write(totp.code_at(secret))
        self.stderr.write(
            gettext("（%(seconds_left)s 秒后更新；每个口令只能使用一次）") % {"seconds_left": totp.seconds_left()}
        )
