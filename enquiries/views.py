"""The enquiry form and the page that confirms an enquiry was sent."""

import datetime
import re
from urllib.parse import urlencode

from django.core import signing
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from ambassadors.models import Ambassador
from bureau import privacy
from events.models import LAYOUTS, Event, Venue, VenuePhoto
from events.venue_views import find_venues
from hangzhou_mice.clientip import client_ip
from hangzhou_mice.views import with_slug

from . import services
from .forms import EnquiryForm
from .models import Lead

SENT_SALT = "enquiries.sent"
SENT_MAX_AGE = datetime.timedelta(days=1)
FITTING_SHOWN = 6
# As the URLs' <uslug:> converter: anything else names no item (and a NUL
# would fail the query).
SLUG = re.compile(r"[-\w]+")


def prefill(query):
    """The published venue, active ambassador and published event the query
    string names (?venue=, ?ambassador=, ?event=); None for any other."""
    sources = {
        "venue": Venue.objects.published(),
        "ambassador": Ambassador.objects.active(),
        "event": Event.objects.published(),
    }
    found = dict.fromkeys(sources)
    for key, queryset in sources.items():
        slug = query.get(key, "")
        if SLUG.fullmatch(slug):
            found[key] = with_slug(queryset, slug).first()
    return found


def sent_token(lead):
    # The reference, not the id: a signed value is readable, and ids would
    # tell anyone how many enquiries the bureau gets.
    return signing.dumps(lead.reference, salt=SENT_SALT)


def sent_lead(token):
    """The lead a sent page's token names, or 404 if forged or over a day old."""
    try:
        reference = signing.loads(token, salt=SENT_SALT, max_age=SENT_MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is one too
        raise Http404 from error
    return get_object_or_404(Lead, reference=reference)


class LeadCreateView(FormView):
    form_class = EnquiryForm
    template_name = "enquiries/enquire.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.about = prefill(request.GET)

    def get_initial(self):
        return {"wants_ambassador": self.about["ambassador"] is not None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(about=self.about, **kwargs)

    def form_valid(self, form):
        lead = form.save(commit=False)
        lead.language = get_language()
        lead.privacy_notice_version = privacy.VERSION
        lead.venue = self.about["venue"]
        lead.ambassador = self.about["ambassador"]
        lead.event = self.about["event"]
        try:
            services.lead_submit(lead=lead, client_address=client_ip(self.request))
        except services.EnquiryRefused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        return redirect("enquiries:lead_sent", token=sent_token(lead))


def fit_filters(lead):
    """The venue finder's filters for the meeting: its largest session (or,
    not given, all its delegates) seated in its layout, and its guest rooms
    on the peak night."""
    filters = {"attendees": lead.largest_room or lead.delegates, "layout": lead.layout}
    if lead.peak_rooms:
        filters["min_guest_rooms"] = lead.peak_rooms
    return filters


def fitting_venues(filters):
    photos = VenuePhoto.objects.select_related("image")
    venues = Venue.objects.published().prefetch_related(Prefetch("photos", photos))
    return find_venues(venues, filters)


def when(lead):
    if lead.start_date and lead.end_date and lead.end_date != lead.start_date:
        return gettext("%(first)s to %(last)s") % {
            "first": date_format(lead.start_date),
            "last": date_format(lead.end_date),
        }
    if lead.start_date:
        return date_format(lead.start_date)
    return gettext("in %(year)s") % {"year": lead.year}


def summary(lead):
    """One line on the meeting, with nothing about the planner."""
    delegates = ngettext(
        "%(count)s delegate", "%(count)s delegates", lead.delegates
    ) % {"count": lead.delegates}
    details = pgettext("between the items of a list", ", ").join(
        [str(lead.get_kind_display()), when(lead), delegates]
    )
    return gettext("%(meeting)s: %(details)s") % {
        "meeting": lead.meeting_name,
        "details": details,
    }


@method_decorator(never_cache, name="dispatch")
class LeadSentView(TemplateView):
    template_name = "enquiries/sent.html"

    def get_context_data(self, **kwargs):
        lead = sent_lead(kwargs["token"])
        filters = fit_filters(lead)
        return super().get_context_data(
            lead=lead,
            summary=summary(lead),
            filters=filters,
            venues=fitting_venues(filters)[:FITTING_SHOWN],
            finder_url=f"{reverse('events:venue_list')}?{urlencode(filters)}",
            layout_label=LAYOUTS[lead.layout],
            **kwargs,
        )
