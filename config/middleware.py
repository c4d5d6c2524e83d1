"""Response headers beyond Django's SecurityMiddleware and django-csp's policy.

Both sit after WhiteNoise in settings.MIDDLEWARE, so static files, which WhiteNoise
answers first, keep their long cache lifetimes and get no per-user headers.
"""

from django.utils.cache import add_never_cache_headers

# Browser features the app never uses, turned off for the page and anything it
# embeds, so a script that got in anyway could not ask for them. Only names that
# browsers know: Chromium logs an error for each one it does not.
DENIED_FEATURES = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NoStoreWhenSignedInMiddleware:
    """What a signed-in user is shown (pages and downloads) is theirs: no browser or
    proxy keeps a copy, so Back after signing out, or the next person at a shared
    computer, finds nothing. Anonymous responses are left as their views set them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
            add_never_cache_headers(response)
        return response
