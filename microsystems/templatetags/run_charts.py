"""The run charts' summary icon as one tag: the measurements page draws four per measure,
and an {% include %} each would cost more than the charts themselves."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def xmr_icon(icon, kind: str) -> str:
    """A symbol in a circle with its text alternative, and the same words beside it (hidden
    from screen readers, which read the alternative)."""
    return format_html(
        '<span class="xmr-summary"><span class="xmr-icon {}" role="img" aria-label="{}: {}">{}'
        '</span> <span class="xmr-words" aria-hidden="true">{}</span></span>',
        icon.css,
        kind,
        icon.words,
        icon.symbol,
        icon.words,
    )
