from django.utils.functional import SimpleLazyObject

from microsystems.permissions import is_admin, user_is_manager


def navigation(request) -> dict:
    """Role flags for the navigation bar, computed only if a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_is_admin": is_admin(user),
        "nav_is_manager": SimpleLazyObject(lambda: user_is_manager(user)),
    }
