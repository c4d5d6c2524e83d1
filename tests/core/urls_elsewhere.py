"""A URL configuration of its own for tests/core/test_url_cache.py."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request):
    return HttpResponse()


urlpatterns = [
    path("elsewhere/", include(([path("", _page, name="home")], "microsystems"))),
]
