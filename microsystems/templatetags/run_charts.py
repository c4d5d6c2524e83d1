"""The run charts' summary icon as one tag: an {% include %} for each would cost more
than the charts themselves."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from microsystems.reports.run_charts import Icon, icon_html

register = template.Library()


@register.simple_tag
def xmr_icon(icon: Icon, kind: str) -> SafeString:
    """A symbol in a circle with its text alternative, and the same words beside it (hidden
    from screen readers, which read the alternative)."""
    return mark_safe(icon_html(icon, kind))  # icon_html escapes every text
