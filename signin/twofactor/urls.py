"""The two-factor pages, mounted under the admin: admin/2fa/ (website/urls.py)."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "twofactor"
urlpatterns = [
    path("", admin.site.admin_view(views.overview), name="index"),
    path("setup/", admin.site.admin_view(views.setup), name="setup"),
    path("verify/", admin.site.admin_view(views.verify), name="verify"),
    path(
        "recovery-codes/",
        admin.site.admin_view(views.recovery_codes),
        name="recovery_codes",
    ),
]
