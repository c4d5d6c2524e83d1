"""Reading a page as a browser submits it: the fields of a POST form, hidden ones included.

The simulated users post back every field the page's form holds (CSRF token,
the values the page showed, edit fingerprints, one-time submission tokens,
whatever a form adds later) with only the cells they mean to change changed,
as a browser does. Plain regular expressions over our own templates' markup:
a full HTML parser costs the load generator more CPU than the servers it
shares the machine with can spare.
"""

import html
import re

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
_INPUT = re.compile(r"<input\b([^>]*)>", re.IGNORECASE)
_TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.DOTALL | re.IGNORECASE)
_SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.DOTALL | re.IGNORECASE)
_OPTION = re.compile(r"<option\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_NOT_SENT = {"submit", "button", "reset", "image", "file"}


class FormNotFound(Exception):
    """The page has no POST form with the wanted field: it is not the page we asked for."""


def attributes(tag_body: str) -> dict[str, str]:
    found = {}
    for match in _ATTRIBUTE.finditer(tag_body):
        name = match.group(1).lower()
        value = next((group for group in match.groups()[1:] if group is not None), "")
        found.setdefault(name, html.unescape(value))
    return found


def _fields(form_body: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for match in _INPUT.finditer(form_body):
        attrs = attributes(match.group(1))
        kind = attrs.get("type", "text").lower()
        if "name" not in attrs or kind in _NOT_SENT:
            continue
        if kind in {"checkbox", "radio"} and "checked" not in attrs:
            continue
        fields[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
    for match in _TEXTAREA.finditer(form_body):
        attrs = attributes(match.group(1))
        if "name" in attrs:
            # A browser drops one newline right after <textarea>.
            text = html.unescape(match.group(2))
            fields[attrs["name"]] = text[1:] if text.startswith("\n") else text
    for match in _SELECT.finditer(form_body):
        attrs = attributes(match.group(1))
        options = [attributes(option.group(1)) for option in _OPTION.finditer(match.group(2))]
        chosen = next((o for o in options if "selected" in o), options[0] if options else None)
        if "name" in attrs and chosen is not None:
            fields[attrs["name"]] = chosen.get("value", "")
    return fields


def post_form(page: str, *, with_field_prefix: str) -> dict[str, str]:
    """The fields of the first POST form that has a field named `with_field_prefix`..."""
    for match in _FORM.finditer(page):
        if attributes(match.group(1)).get("method", "get").lower() != "post":
            continue
        fields = _fields(match.group(2))
        if any(name.startswith(with_field_prefix) for name in fields):
            return fields
    raise FormNotFound(f"no POST form with a field named {with_field_prefix}…")


# A data-entry grid's cell is an input <prefix>_<row id>_<yyyymmdd>, posted with
# a hidden was_<its name> holding the value the page showed.
SHOWN_PREFIX = "was_"
_GRID_CELL = re.compile(r"^[a-z]+_(\d+)_(\d{4})(\d{2})(\d{2})$")
_DIMENSION_SCORE = re.compile(r"^score_(\d+)$")


def grid_cells(fields: dict[str, str]) -> list[str]:
    """The names of a grid form's cells, in page order (row by row)."""
    return [name for name in fields if _GRID_CELL.match(name) and SHOWN_PREFIX + name in fields]


def grid_cell_key(name: str) -> tuple[int, str]:
    """(row id, "yyyy-mm-dd") of a cell's name."""
    row_id, year, month, day = _GRID_CELL.match(name).groups()
    return int(row_id), f"{year}-{month}-{day}"


def judged_dimensions(fields: dict[str, str]) -> list[str]:
    """The dimension ids of a dimension-judgements form, in page order."""
    return [match.group(1) for match in map(_DIMENSION_SCORE.match, fields) if match]


def shown_judgement(fields: dict[str, str], dimension: str) -> tuple[int, str] | None:
    """(score, rationale) as the form showed them; None for "not judged"."""
    score = fields[f"score_{dimension}"].strip()
    return (int(score), fields[f"rationale_{dimension}"].strip()) if score else None
