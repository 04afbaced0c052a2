from django.urls import path

from hangzhou_mice import converters  # noqa: F401  (registers <uslug:>)

from . import venue_views, views

app_name = "events"
urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/calendar.ics", views.calendar_ics, name="event_calendar"),
    path("events/<uslug:slug>.ics", views.event_ics, name="event_ics"),
    path("events/<uslug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("venues/", venue_views.VenueListView.as_view(), name="venue_list"),
    path(
        "venues/<uslug:slug>/",
        venue_views.VenueDetailView.as_view(),
        name="venue_detail",
    ),
]
