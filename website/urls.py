"""The root URLs: public pages under a language prefix (/en/, /zh-hans/), the
admin, the health check and the language switch without one."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from bureau.privacy import PrivacyView
from hangzhou_mice.admin.review import review_queue
from operations import media

from . import errors, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/2fa/", include("signin.twofactor.urls")),
    path("admin/review/", admin.site.admin_view(review_queue), name="review_queue"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("language/<str:code>/", views.choose_language, name="choose_language"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Uploaded images, served by the site itself with DEBUG on or off.
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", media.serve, name="media"),
    *i18n_patterns(
        path("", views.HomeView.as_view(), name="home"),
        path("privacy/", PrivacyView.as_view(), name="privacy"),
        path("meet/", include("bureau.urls")),
        path("", include("articles.urls")),
        path("", include("events.urls")),
        path("ambassadors/", include("ambassadors.urls")),
        path("enquire/", include("enquiries.urls")),
        path("", include("hangzhou_mice.urls")),
    ),
]

# Error pages in the address's language (website/errors.py).
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
