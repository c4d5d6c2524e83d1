"""The section tabs of a microsystem's pages, from microsystems.extensions."""

from django import template
from django.core.exceptions import ImproperlyConfigured

from microsystems.extensions import SectionTab, extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def section_tabs(context, microsystem) -> list[SectionTab]:
    """Every registered section's tab, the page's own active (its view says which)."""
    request = context["request"]
    view_name = request.resolver_match.view_name
    declared = getattr(request, "section", None)
    if declared is None:
        raise ImproperlyConfigured(f"{view_name} shows the section tabs: declare its @section.")
    return extensions.section_tabs(microsystem.slug, section=declared, view_name=view_name)
