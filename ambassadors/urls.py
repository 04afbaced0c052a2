from django.urls import path

from hangzhou_mice import converters  # noqa: F401  (registers <uslug:>)

from . import views

app_name = "ambassadors"
urlpatterns = [
    path("", views.AmbassadorListView.as_view(), name="ambassador_list"),
    path(
        "<uslug:slug>/", views.AmbassadorDetailView.as_view(), name="ambassador_detail"
    ),
]
