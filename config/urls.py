from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Microsystem value — administration"
admin.site.site_title = "Microsystem value admin"

# 404, 403, 400 and 500 pages are our templates/<code>.html, rendered by
# Django's default handlers, so they use the site layout.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("config.account_urls")),
    path("", include("microsystems.urls")),
    path("", include("stakeholders.urls")),
    path("", include("valuation.urls")),
]
