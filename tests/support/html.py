"""Reading a rendered page as its reader does."""

import re


def text_of(html: str) -> str:
    """The page's words, without tags, scripts and runs of white space."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
