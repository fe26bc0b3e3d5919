"""manage.py rotate_signing_key — retire the region's certificate signing key and start a new one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from skillcert.certificates import issuer_keys, status_list


class Command(BaseCommand):
    help = "停用当前证书签名密钥并生成新密钥；已停用的密钥继续公布，用于核验此前签发的证书，不再签名。"

    def handle(self, *args: Any, **options: Any) -> None:
        new, old = issuer_keys.rotate()
        status_list.refresh()  # re-signed by the new key only if the bits change; old lists stay valid
        if old is not None:
            self.stdout.write(
                gettext("已停用密钥 %(kid)s（%(retired_at)s）")
                % {"kid": old.kid, "retired_at": format(old.retired_at, "%Y-%m-%d %H:%M:%S %Z")}
            )
        self.stdout.write(self.style.SUCCESS(gettext("新签名密钥 %(kid)s 已启用") % {"kid": new.kid}))
