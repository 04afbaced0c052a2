import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from ambassadors.demo import load_ambassadors
from ambassadors.models import Ambassador
from articles.demo import load_articles
from articles.models import Article
from bureau.demo import load_bureau
from enquiries.demo import load_enquiries
from enquiries.demo_pipeline import load_pipeline
from events.demo import load_events
from events.models import Event, Venue
from events.venue_demo import load_venues
from hangzhou_mice import search
from hangzhou_mice.mentions import mentions_set, target_ids
from hangzhou_mice.models import SearchEntry
from hangzhou_mice.roles import BUREAU_ADMIN

CREDENTIALS_FILE = "demo-admin-password"
# One demo user per role, so a newcomer can try each.
ROLE_USERS = {
    "editor": "Editor",
    "writer": "Writer",
    "reviewer": "Reviewer",
    "publisher": "Publisher",
    "eventstaff": "Event staff",
    "bidteam": "Bid team",
    "bureauadmin": BUREAU_ADMIN,
}


def load_mentions():
    """The roadshow article, in each language, is about the roadshow and
    Tian Mei, who spoke there; an article about something already is left
    as its editor made it."""
    targets = [
        *Event.objects.filter(slug="hangzhou-plus-roadshow-beijing"),
        *Ambassador.objects.filter(slug="tian-mei"),
    ]
    roadshow = Article.objects.filter(
        slug="introducing-hangzhous-association-resources"
    )
    for article in roadshow:
        if targets and not target_ids(article):
            mentions_set(source=article, targets=targets)


class Command(BaseCommand):
    help = "Load the demo content and the demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the login line printed at the end.",
        )

    hashed = None

    def handle(self, *args, site_url, **options):
        password = self.demo_password()
        with transaction.atomic():
            count = load_articles()
            events = load_events()
            venues = load_venues()
            ambassadors = load_ambassadors()
            pages = load_bureau(Venue.objects.prefetch_related("rooms"))
            load_mentions()
            load_enquiries()
            self.ensure_user("admin", password, is_superuser=True)
            for username, role in ROLE_USERS.items():
                user = self.ensure_user(username, password)
                user.groups.set([Group.objects.get(name=role)])
            leads = load_pipeline()  # after the users: the bid team owns leads
        # New items were indexed as they committed; a database from before the
        # search has items but no index yet.
        if not SearchEntry.objects.exists():
            search.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {count} articles, {events} events, "
                f"{venues} venues, {ambassadors} active ambassadors, "
                f"{pages} bureau pages, {leads} leads in the bid pipeline."
            )
        )
        self.stdout.write(
            f"Admin: {site_url}/admin/  user: admin  password: {password}\n"
            f"One demo user per role, same password: {', '.join(ROLE_USERS)}"
        )

    def ensure_user(self, username, password, is_superuser=False):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": is_superuser},
        )
        if created or not user.check_password(password):
            # One hash for every demo user (they share the password): each
            # hash takes the hasher's full work, 0.4 s here.
            if self.hashed is None:
                self.hashed = make_password(password)
            user.password = self.hashed
            user.save()
        return user

    def demo_password(self):
        """DEMO_ADMIN_PASSWORD if set, else one generated once and kept in var/."""
        if settings.DEMO_ADMIN_PASSWORD:
            return settings.DEMO_ADMIN_PASSWORD
        path = settings.BASE_DIR / "var" / CREDENTIALS_FILE
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(12)
        path.write_text(password + "\n")
        path.chmod(0o600)
        return password
