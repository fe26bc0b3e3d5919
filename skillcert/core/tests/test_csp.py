"""Content-Security-Policy (issue #17, R-X-4): every answer forbids inline and foreign scripts, and no
template relies on one. The one exception is the standalone certificate verifier, a self-contained
file meant to be opened from disk (R-CERT-4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
STANDALONE = {"certificates/offline_verifier.html"}


def _directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def _templates() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR, "skillcert").glob("*/templates")]
    return sorted(path for root in roots for path in root.rglob("*.html"))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/certificates/verify/", "/V", "/api/docs/", "/nowhere/"])
def test_every_answer_carries_a_policy_without_inline_scripts(client, url):
    response = client.get(url)
    header = response.headers["Content-Security-Policy"]
    directives = _directives(header)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in header.split("style-src")[0]
    assert "'unsafe-eval'" not in header
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_api_docs_load_their_start_up_script_from_a_file(client):
    html = client.get("/api/docs/").content.decode()
    assert "<script" in html and not INLINE_SCRIPT.search(html)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


@pytest.mark.django_db
def test_pages_render_no_inline_script(client):
    for url in ("/", "/accounts/login/", "/certificates/verify/", "/V"):
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not HANDLER.search(html), url
        assert "core/behaviours.js" in html


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in _templates():
        relative = path.as_posix().split("/templates/", 1)[1]
        if relative in STANDALONE:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER):
            offenders += [f"{relative}: {match.group(0)}" for match in pattern.finditer(text)]
    assert offenders == []


@pytest.mark.django_db
def test_the_standalone_verifier_download_is_the_exempt_answer(client):
    response = client.get("/.well-known/skillcert/verifier.html")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers
    assert INLINE_SCRIPT.search(response.content.decode())
