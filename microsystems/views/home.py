from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from microsystems.extensions import extensions
from microsystems.permissions import is_admin, organisations_user_can_create_in, user_is_manager
from microsystems.selectors.profile import home_microsystems


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A team leader's units, a manager's organisations, or everything for an admin."""
    user = request.user
    microsystems = home_microsystems(user)
    active = [m for m in microsystems if not m.is_archived]
    # Asked once (one query): the navigation, creating and reviewing all depend on it.
    user.manages_an_organisation = manager = user_is_manager(user)
    admin = is_admin(user)
    return render(
        request,
        "microsystems/home.html",
        {
            "active_microsystems": active,
            "led_microsystems": [m for m in active if m.access.role_label == "Team leader"],
            "archived_microsystems": [m for m in microsystems if m.is_archived],
            # A manager creates in the organisations they manage; an admin in any there is.
            "can_create": manager or (admin and organisations_user_can_create_in(user).exists()),
            "is_admin": admin,
            # What waits for this person: reviews for managers, answers for team leaders.
            "waiting": extensions.waiting_for(user),
        },
    )
