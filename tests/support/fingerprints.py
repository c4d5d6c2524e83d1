"""Edit fingerprints, posted as a browser posts them (core/concurrency.py)."""

from core.concurrency import FINGERPRINT_FIELD


def as_opened(unbound_form, data: dict) -> dict:
    """`data` as a browser posts it: with the fingerprint the form carried when opened."""
    return {FINGERPRINT_FIELD: unbound_form.fields[FINGERPRINT_FIELD].initial, **data}


def fingerprint_on(client, url: str) -> dict:
    """The edit fingerprint of the form on the page at `url`, as the page would post it."""
    return {FINGERPRINT_FIELD: client.get(url).context["form"][FINGERPRINT_FIELD].value()}
