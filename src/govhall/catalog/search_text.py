"""The text a guide search matches: names, keywords, codes and their pinyin (yyzz → 营业执照)."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_forms(text: str) -> list[str]:
    """Full pinyin and initials of the Chinese in ``text``, without spaces: ['yingyezhizhao', 'yyzz']."""
    full = lazy_pinyin(text, errors="ignore")
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    return ["".join(full).lower(), "".join(initials).lower()]


def build_search_text(*, name: str, keywords: str, codes: list[str], department: str) -> str:
    words = [name, keywords, department, *codes, *pinyin_forms(name)]
    words += [form for keyword in keywords.split() for form in pinyin_forms(keyword)]
    return " ".join(word.strip().lower() for word in words if word and word.strip())
