"""The two-factor pages, mounted under the admin: admin/2fa/."""

from django.contrib import admin
from django.urls import path

from . import twofactor

app_name = "twofactor"
urlpatterns = [
    path("", admin.site.admin_view(twofactor.overview), name="index"),
    path("setup/", admin.site.admin_view(twofactor.setup), name="setup"),
    path("verify/", admin.site.admin_view(twofactor.verify), name="verify"),
    path(
        "recovery-codes/",
        admin.site.admin_view(twofactor.recovery_codes),
        name="recovery_codes",
    ),
]
