"""Turn what a visitor typed into a safe search query, and mark its words in a snippet of text."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from wagtail.search.query import And, Phrase, PlainText, SearchQuery

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
SNIPPET_LENGTH = 240
WORD = re.compile(r"\w+")
QUOTED = re.compile(r'"([^"]*)"')


@dataclass
class SearchText:
    """The cleaned query text, whether it was cut short, and the words to highlight."""

    text: str = ""
    truncated: bool = False

    @classmethod
    def from_input(cls, raw: str | None) -> "SearchText":
        # Control characters (NUL above all: PostgreSQL refuses it) carry no meaning in a search.
        text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in raw or "")
        text = " ".join(text.split())
        truncated = len(text) > MAX_QUERY_LENGTH
        if truncated:
            text = text[:MAX_QUERY_LENGTH].rstrip()
        return cls(text=text, truncated=truncated)

    @property
    def terms(self) -> list[str]:
        """The distinct words of the query, longest first so that the longer of two overlapping words is marked."""
        words = {word.lower() for word in WORD.findall(self.text)}
        return sorted(words, key=lambda word: (-len(word), word))[:MAX_TERMS]

    def to_query(self) -> SearchQuery | None:
        """Quoted parts as phrases, the rest as words that must all appear; None when nothing is searchable."""
        if not self.terms:
            return None
        parts = [Phrase(phrase.strip()) for phrase in QUOTED.findall(self.text) if WORD.search(phrase)]
        rest = " ".join(WORD.findall(QUOTED.sub(" ", self.text)))
        if rest:
            parts.append(PlainText(rest, operator="and"))
        if not parts:
            return None
        query = parts[0]
        for part in parts[1:]:
            query = And([query, part])
        return query


def word_pattern(terms: list[str]) -> re.Pattern | None:
    """Whole words, or their plural, so that "care" marks "care" and "cares" but not "career"."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:'s|s|es)?(?!\w)", re.IGNORECASE)


def highlight(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> str:
    """An excerpt of `text` around the first matched word, HTML-escaped, with each matched word in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    pattern = word_pattern(terms)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    excerpt = text[start : start + length]
    if start + length < len(text):
        excerpt = excerpt[: excerpt.rfind(" ")] if " " in excerpt else excerpt
        excerpt += " …"
    if start:
        excerpt = "… " + excerpt
    if pattern is None:
        return escape(excerpt)

    parts = []
    position = 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    parts.append(escape(excerpt[position:]))
    return mark_safe("".join(parts))  # noqa: S308  (every piece was escaped above)
