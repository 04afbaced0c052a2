from django.urls import path

from hangzhou_mice import converters  # noqa: F401  (registers <uslug:>)

from . import views

app_name = "bureau"
urlpatterns = [
    path("", views.PageListView.as_view(), name="page_list"),
    path("<uslug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
]
