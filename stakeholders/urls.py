"""The stakeholder register of a microsystem."""

from django.urls import path

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("microsystems/<slug:slug>/stakeholders/", views.register, name="list"),
    path("microsystems/<slug:slug>/stakeholders/new/", views.stakeholder_create, name="create"),
    path(
        "microsystems/<slug:slug>/stakeholders/<int:stakeholder_id>/edit/",
        views.stakeholder_edit,
        name="edit",
    ),
    path(
        "microsystems/<slug:slug>/stakeholders/<int:stakeholder_id>/delete/",
        views.stakeholder_delete,
        name="delete",
    ),
    path("microsystems/<slug:slug>/stakeholders/download/", views.download, name="download"),
    path(
        "microsystems/<slug:slug>/stakeholders/expectations/",
        views.expectations,
        name="expectations",
    ),
    path(
        "microsystems/<slug:slug>/stakeholders/<int:stakeholder_id>/expectations/new/",
        views.expectation_create,
        name="expectation_create",
    ),
    path(
        "microsystems/<slug:slug>/stakeholders/expectations/<int:expectation_id>/edit/",
        views.expectation_edit,
        name="expectation_edit",
    ),
    path(
        "microsystems/<slug:slug>/stakeholders/expectations/<int:expectation_id>/delete/",
        views.expectation_delete,
        name="expectation_delete",
    ),
]
