from django.urls import path

from . import views

app_name = "enquiries"
urlpatterns = [
    path("", views.LeadCreateView.as_view(), name="lead_create"),
    path("sent/<str:token>/", views.LeadSentView.as_view(), name="lead_sent"),
]
