"""History pages: who changed what and when, from which value to which; restoring a version.

Anyone who may view a microsystem may read its history; only admins restore.
The assessment's History page (valuation.views.history) is drawn the same way.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.history import RESTORED, history_page, history_restore, people_in_history
from microsystems.extensions import extensions, section
from microsystems.forms.history import HistoryFilterForm
from microsystems.permissions import get_microsystem_for_user, is_admin, require_admin

UNKNOWN_KIND = "There is no such kind of record in this history."


def render_history(
    request: HttpRequest,
    *,
    scope_name: str,
    scope: Any,
    template_name: str,
    context: dict,
) -> HttpResponse:
    sources = extensions.history_sources(scope_name)
    form = HistoryFilterForm(
        request.GET,
        kinds=[(source.kind, source.label) for source in sources],
        people=people_in_history(sources, scope),
    )
    kind, person_id = form.filters()
    page, entries = history_page(
        sources, scope, kind=kind, person_id=person_id, page_number=request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template_name,
        {
            **context,
            "form": form,
            "page": page,
            "entries": entries,
            "filter_query": query.urlencode(),
            "can_restore": is_admin(request.user),
        },
    )


def restore_version(
    request: HttpRequest, *, scope_name: str, scope: Any, kind: str, history_id: int
) -> None:
    """Restore one version for an admin, and say what happened in a message."""
    require_admin(request.user)
    source = extensions.history_source(scope_name, kind)
    if source is None:
        messages.error(request, UNKNOWN_KIND)
        return
    try:
        instance = history_restore(source, scope, history_id, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    when = timezone.localtime(timezone.now())
    messages.success(request, RESTORED.format(what=instance, when=f"{when:%d %B %Y %H:%M}"))


@section("history")
@require_GET
def microsystem_history(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    return render_history(
        request,
        scope_name="microsystem",
        scope=microsystem,
        template_name="microsystems/history.html",
        context={"microsystem": microsystem},
    )


@section("history")
@require_POST
def microsystem_history_restore(
    request: HttpRequest, slug: str, kind: str, history_id: int
) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    restore_version(
        request, scope_name="microsystem", scope=microsystem, kind=kind, history_id=history_id
    )
    return redirect("microsystems:history", slug=microsystem.slug)
