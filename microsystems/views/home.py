from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from microsystems.extensions import extensions
from microsystems.permissions import is_admin, organisations_user_can_create_in
from microsystems.selectors.profile import home_microsystems


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A team leader's units, a manager's organisations, or everything for an admin."""
    microsystems = home_microsystems(request.user)
    active = [m for m in microsystems if not m.is_archived]
    return render(
        request,
        "microsystems/home.html",
        {
            "active_microsystems": active,
            "led_microsystems": [m for m in active if m.access.role_label == "Team leader"],
            "archived_microsystems": [m for m in microsystems if m.is_archived],
            "can_create": organisations_user_can_create_in(request.user).exists(),
            "is_admin": is_admin(request.user),
            # What waits for this person: reviews for managers, answers for team leaders.
            "waiting": extensions.waiting_for(request.user),
        },
    )
