from django.urls import path

from hangzhou_mice import converters  # noqa: F401  (registers <uslug:>)

from . import views

app_name = "events"
urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("calendar.ics", views.calendar_ics, name="event_calendar"),
    path("<uslug:slug>.ics", views.event_ics, name="event_ics"),
    path("<uslug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
