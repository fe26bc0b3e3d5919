"""Every user-facing string goes through gettext (R-X-6): no bare Chinese literal in a template or in Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillcert.core.translatable import PythonLiterals, bare_literals, template_bare

ROOT = Path(__file__).resolve().parents[3]
APPS = sorted(p.name for p in (ROOT / "skillcert").iterdir() if (p / "apps.py").exists())


@pytest.mark.parametrize("app", APPS)
def test_app_has_no_bare_chinese_literal(app):
    found = bare_literals(ROOT / "skillcert" / app)
    assert not found, "未经 gettext 的中文文字：\n" + "\n".join(str(f) for f in found)


def test_site_templates_have_no_bare_chinese_literal():
    found = bare_literals(ROOT / "templates")
    assert not found, "\n".join(str(f) for f in found)


def test_scanner_finds_what_a_user_would_read():
    source = (
        "from django.utils.translation import gettext\n"
        "def f(x):\n"
        '    """说明文字不算。"""\n'
        '    if x == "男":\n'
        '        return gettext("已包装")\n'
        '    d = {"键": 1}\n'
        '    raise ValueError(f"第{x}行出错")\n'
        'LABEL = "裸文字"\n'
        'HEADERS = ("证书编号",)  # i18n: data\n'
    )
    texts = sorted(str(getattr(node, "value", "f-string")) for node in PythonLiterals(source).bare())
    assert texts == ["f-string", "裸文字"]


def test_template_scanner_reads_text_and_tag_strings_but_not_translated_ones():
    source = (
        '{% load i18n %}<h1>{% translate "已包装" %}</h1>\n'
        '<p title="提示">正文</p>\n'
        '{{ value|default:_("无") }} {{ other|default:"空" }}\n'
        "{% blocktranslate %}共 {{ n }} 人{% endblocktranslate %}\n"
    )
    assert [text for _, text in template_bare(source)] == ['<p title="提示">正文</p>', '"空"']


def test_catalogue_reads_the_msgids_django_looks_up():
    from skillcert.core.management.commands.messages import python_messages, template_messages

    template = (
        '{% load i18n %}{% translate "返回首页" %}{{ x|default:_("无") }}'
        "{% blocktranslate with n=plan.count %}共 {{ n }} 人{% endblocktranslate %}"
    )
    assert template_messages(template) == {(None, "返回首页", None), (None, "无", None), (None, "共 %(n)s 人", None)}
    python = 'gettext("甲")\ngettext_lazy("乙")\npgettext("月份", "五月")\nngettext("一项", "%(n)s项", n)\n'
    assert python_messages(python) == {
        (None, "甲", None),
        (None, "乙", None),
        ("月份", "五月", None),
        (None, "一项", "%(n)s项"),
    }


def test_compiled_catalogue_serves_the_interface(tmp_path, settings):
    """`messages --compile` turns the committed catalogue into the .mo Django reads: a changed msgstr shows."""
    from django.core.management import call_command
    from django.utils import translation
    from django.utils.translation import trans_real

    folder = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "返回首页"\nmsgstr "回到首页"\n',
        encoding="utf-8",
    )
    settings.BASE_DIR = tmp_path
    call_command("messages", "--compile")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    trans_real._translations = {}
    try:
        with translation.override("zh-hans"):
            assert translation.gettext("返回首页") == "回到首页"
    finally:
        trans_real._translations = {}
