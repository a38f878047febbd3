"""The English catalogue translates every message of the Chinese UI."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.test import Client
from django.utils import translation

import govhall

CATALOGUE = Path(govhall.__file__).parent / "locale" / "en" / "LC_MESSAGES"
ENTRY = re.compile(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _po_text(quoted_lines: str) -> str:
    return "".join(ast.literal_eval(line) for line in quoted_lines.splitlines())


def _compiled_text(compiled: gettext.GNUTranslations, context: str, msgid: str) -> str:
    return compiled.pgettext(ast.literal_eval(context), msgid) if context else compiled.gettext(msgid)


def test_every_message_has_an_english_translation() -> None:
    text = (CATALOGUE / "django.po").read_text()
    assert "#, fuzzy" not in text
    entries = ENTRY.findall(text)
    assert len(entries) > 150
    untranslated = [msgid for _context, msgid, msgstr in entries if msgid != '""\n' and msgstr == '""\n']
    assert untranslated == []
    with (CATALOGUE / "django.mo").open("rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    stale = [
        msgid
        for context, msgid, msgstr in entries
        if msgid != '""\n' and _compiled_text(compiled, context, _po_text(msgid)) != _po_text(msgstr)
    ]
    assert stale == [], "django.mo is older than django.po: run `make messages`"


def test_english_is_served_when_chosen() -> None:
    with translation.override("en"):
        assert translation.gettext("工作人员登录") == "Staff login"


def test_login_page_switches_language(client: Client) -> None:
    assert "工作人员登录" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in html and "Staff login" in html
