"""The stakeholder register of a microsystem."""

app_name = "stakeholders"

urlpatterns = []
