"""A small static accessibility check of rendered HTML (WCAG basics we can test without a browser).

Checks: a language and a title, one h1, headings that never skip a level,
a skip link to the main landmark, every form control labelled, every image
with alt text, every table with a caption or label and header cells.
"""

from html.parser import HTMLParser

UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.images_without_alt: list[str] = []
        self.tables: list[dict] = []
        self.html_lang = ""
        self.title_text = ""
        self.in_title = False
        self.main_ids: list[str] = []
        self.skip_links: list[str] = []
        self.open_labels = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        elif tag == "title":
            self.in_title = True
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        elif tag in {"input", "select", "textarea"}:
            if tag == "input" and attributes.get("type", "text") in UNLABELLED_INPUT_TYPES:
                return
            self.controls.append({**attributes, "_tag": tag, "_wrapped": self.open_labels > 0})
        elif tag == "img" and "alt" not in attributes:
            self.images_without_alt.append(attributes.get("src", "?"))
        elif tag == "table":
            self.tables.append({"labelled": bool(attributes.get("aria-label")), "th": 0})
        elif tag == "caption" and self.tables:
            self.tables[-1]["labelled"] = True
        elif tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
        elif tag == "main":
            self.main_ids.append(attributes.get("id", ""))
        elif tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.skip_links.append(attributes["href"][1:])

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag == "label":
            self.open_labels = max(0, self.open_labels - 1)

    def handle_data(self, data):
        if self.in_title:
            self.title_text += data


def accessibility_problems(html: str) -> list[str]:
    page = _Collector()
    page.feed(html)
    problems = []
    if not page.html_lang:
        problems.append("<html> has no lang")
    if not page.title_text.strip():
        problems.append("no <title>")
    if page.headings.count(1) != 1:
        problems.append(f"expected one h1, found {page.headings.count(1)}")
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        if current > previous + 1:
            problems.append(f"heading jumps from h{previous} to h{current}")
    if not page.main_ids or page.main_ids[0] not in page.skip_links:
        problems.append("no skip link to the main landmark")
    for control in page.controls:
        labelled = (
            control["_wrapped"]
            or control.get("aria-label")
            or control.get("aria-labelledby")
            or control.get("id") in page.label_for
        )
        if not labelled:
            problems.append(f"unlabelled <{control['_tag']} name={control.get('name')!r}>")
    problems += [f"image without alt: {src}" for src in page.images_without_alt]
    for number, table in enumerate(page.tables, start=1):
        if not table["labelled"]:
            problems.append(f"table {number} has no caption or aria-label")
        if not table["th"]:
            problems.append(f"table {number} has no header cells")
    return problems
