from django.urls import path

from microsystems.views import home, profile

app_name = "microsystems"

urlpatterns = [
    path("", home.home, name="home"),
    path("microsystems/new/", profile.microsystem_create_view, name="create"),
    path("microsystems/<slug:slug>/", profile.microsystem_detail, name="detail"),
    path("microsystems/<slug:slug>/edit/", profile.microsystem_edit, name="edit"),
    path("microsystems/<slug:slug>/archive/", profile.microsystem_archive_view, name="archive"),
    path("microsystems/<slug:slug>/restore/", profile.microsystem_restore_view, name="restore"),
]
