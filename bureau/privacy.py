"""The privacy notice: its version, and the page that shows it.

The notice's words live in templates/bureau/privacy.html and the catalogue;
the contact details come from the bureau's record. Whenever the words
change, raise VERSION, set DATE, and put the new template's fingerprint in
TEMPLATE_SHA256 (a test fails until all three are done), so that a consent
can say which notice it agreed to.
"""

import datetime

from django.conf import settings
from django.views.generic import TemplateView

VERSION = 3
DATE = datetime.date(2026, 12, 6)
TEMPLATE = "bureau/privacy.html"
TEMPLATE_SHA256 = "55ec38b5bc774aced574a773b11fc02c066dc1810f7881b40182bbfe9b16b397"


class PrivacyView(TemplateView):
    """Who holds what about whom, why, how long, and how to ask about it."""

    template_name = TEMPLATE

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            notice_version=VERSION,
            notice_date=DATE,
            retention_months=settings.ROSTER_RETENTION_MONTHS,
            lead_retention_months=settings.LEAD_RETENTION_MONTHS,
            language_cookie_days=(settings.LANGUAGE_COOKIE_AGE or 0) // (24 * 3600),
            # Optional: the notice words itself without them.
            log_retention_days=settings.SERVER_LOG_RETENTION_DAYS,
            # Before the record held it; read for one release (README: Upgrading).
            fallback_email=settings.PRIVACY_CONTACT_EMAIL,
            **kwargs,
        )
