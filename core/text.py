"""Plain-text conversion of the HTML that outside data sources put in descriptions.

Descriptions are stored as plain text with paragraphs separated by blank lines, so that
pages escape them as usual and search never matches markup.
"""

import html
import re
from html.parser import HTMLParser

BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section"}
SKIPPED_TAGS = {"script", "style", "template", "noscript"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skip_depth += 1
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in BLOCK_TAGS and tag != "br":
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(value):
    """Convert HTML (or text that may hold tags and entities) to tidy plain text."""
    if not value:
        return ""
    value = str(value)
    if "<" in value or "&" in value:
        extractor = _TextExtractor()
        extractor.feed(value)
        extractor.close()
        value = html.unescape("".join(extractor.parts))
    return tidy_text(value)


def tidy_text(value):
    """Collapse runs of spaces and blank lines, and trim each line."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in value.split("\n")]
    value = "\n".join(lines)
    value = re.sub(r"\n{3,}", "\n\n", value)
    return value.strip()


def truncate_words(value, length):
    """Shorten text to at most `length` characters, cutting at a word boundary."""
    value = (value or "").strip()
    if len(value) <= length:
        return value
    cut = value[: length - 1].rsplit(" ", 1)[0].rstrip(",.;:-")
    return cut + "…"


def plain_words(value):
    """Return HTML or text as plain words separated by single spaces, for comparing texts."""
    return " ".join(html_to_text(value).split())


def repeats_start(text, start):
    """Return True when `text` begins with `start`, compared as plain words.

    A trailing ellipsis on `start` is ignored, because sources often cut a short
    description from the first paragraph and mark the cut with one.
    """
    start_words = plain_words(start).rstrip("…").removesuffix("...").rstrip()
    return bool(start_words) and plain_words(text).startswith(start_words)
