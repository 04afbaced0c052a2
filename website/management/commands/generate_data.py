"""Fill an empty database with a large, deterministic data set for benchmarks."""

import bisect
import datetime
import itertools
import random
import uuid

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from ambassadors.models import AcademicField, Ambassador
from articles.models import Article
from events.exporters import COLUMNS
from events.models import Event, Organization, Participant, Venue
from hangzhou_mice.models import Language, Status
from hangzhou_mice.progress import Progress
from hangzhou_mice.translated import language_column, translated_fields

# Full scale: the sizes the benchmark targets are stated for.
FULL = {
    "tags": 2_000,
    "articles": 100_000,
    "venues": 5_000,
    "ambassadors": 300,
    "participants": 200_000,
    "organizations": 3_000,
}
ZIPF_EXPONENT = 0.87  # the top tag on about a third of the articles
TAGS_PER_ARTICLE = (3, 10)  # about 6.5 on average
ROOMS_PER_VENUE = 6
CHINESE_SHARE = 20  # one article in 20 also exists in Chinese
NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)


class Command(BaseCommand):
    help = "Generate articles, tags, venues, ambassadors and a roster (COPY)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        if Article.objects.filter(slug__startswith="bench-").exists():
            raise CommandError("Benchmark data exists already; use a fresh database.")
        sizes = {name: max(int(n * scale), 10) for name, n in FULL.items()}
        self.random = random.Random(seed)  # noqa: S311  (reproducible, not secret)
        with transaction.atomic():
            tag_ids = self.tags(sizes["tags"])
            first_article = self.articles(sizes["articles"], tag_ids)
            self.chinese_articles(sizes["articles"] // CHINESE_SHARE, first_article)
            organizations = self.organizations(sizes["organizations"])
            self.venues(sizes["venues"])
            self.ambassadors(sizes["ambassadors"], organizations)
            self.roster(sizes["participants"], organizations)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Generated: {sizes}"))

    def copy(self, table, columns, rows, total, label):
        """COPY rows into a table, with a progress bar.

        The generated text is English: a field kept per language is written
        to its English column too, as the admin would have saved it.
        """
        progress = Progress(self.stderr, label, total)
        model = next(m for m in apps.get_models() if m._meta.db_table == table)
        english = [columns.index(f) for f in translated_fields(model) if f in columns]
        columns = [*columns, *(language_column(columns[i], "en") for i in english)]
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for count, row in enumerate(rows, 1):
                copy.write_row((*row, *(row[i] for i in english)))
                if count % 5000 == 0:
                    progress.update(count)
        progress.close()

    def next_ids(self, table, count):
        """Reserve `count` ids of `table`'s identity column; return the first."""
        with connection.cursor() as cursor:
            # `table` is one of our own table names, never input.
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
            (first,) = cursor.fetchone()
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [table, first + count],
            )
        return first

    def tags(self, count):
        first = self.next_ids("hangzhou_mice_tag", count)
        rows = (
            (first + i, f"bench topic {i:04d}", f"bench-topic-{i:04d}")
            for i in range(count)
        )
        self.copy("hangzhou_mice_tag", ["id", "name", "slug"], rows, count, "tags")
        return list(range(first, first + count))

    def articles(self, count, tag_ids):
        first = self.next_ids("articles_article", count)
        weights = list(
            itertools.accumulate(
                1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(tag_ids))
            )
        )
        ten_years = 10 * 365 * 24 * 3600
        taggings = []

        def rows():
            for i in range(count):
                published = NOW - datetime.timedelta(
                    seconds=self.random.randrange(ten_years)
                )
                status = (
                    Status.DRAFT if self.random.random() < 0.05 else Status.PUBLISHED
                )
                article_id = first + i
                taggings.extend(
                    (tag, article_id) for tag in self.pick_tags(tag_ids, weights)
                )
                yield (
                    article_id,
                    f"Bench article {i}",
                    f"bench-article-{i}",
                    f"Summary of bench article {i}.",
                    "<p>Body.</p>",
                    status,
                    published,
                    published,
                    published,
                    "",
                    "",
                    Language.ENGLISH,
                    uuid.UUID(int=article_id),  # no draw: the same data as before
                )

        columns = [
            "id",
            "title",
            "slug",
            "summary",
            "body",
            "status",
            "published_at",
            "created_at",
            "updated_at",
            "byline",
            "hero_caption",
            "language",
            "translation_key",
        ]
        self.copy("articles_article", columns, rows(), count, "articles")
        self.copy(
            "articles_taggedarticle",
            ["tag_id", "content_object_id"],
            iter(taggings),
            len(taggings),
            "taggings",
        )
        return first

    def chinese_articles(self, count, first_english):
        """Chinese translations of the first English articles, with their tags.

        Written after everything else draws its random numbers, so adding
        them changes none of the other data.
        """
        first = self.next_ids("articles_article", count)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_article (id, title, slug, summary, body, status,"
                " published_at, created_at, updated_at, byline, hero_caption,"
                " language, translation_key)"
                " SELECT id + %(shift)s, '基准文章 ' || id, slug, '基准文章摘要。',"
                " '<p>正文。</p>', status, published_at + interval '1 day',"
                " created_at, updated_at, '', '', %(chinese)s, translation_key"
                " FROM articles_article WHERE id >= %(first)s AND id < %(end)s",
                {
                    "shift": first - first_english,
                    "chinese": Language.CHINESE,
                    "first": first_english,
                    "end": first_english + count,
                },
            )
            cursor.execute(
                "INSERT INTO articles_taggedarticle (tag_id, content_object_id)"
                " SELECT tag_id, content_object_id + %(shift)s"
                " FROM articles_taggedarticle"
                " WHERE content_object_id >= %(first)s AND content_object_id < %(end)s",
                {
                    "shift": first - first_english,
                    "first": first_english,
                    "end": first_english + count,
                },
            )
        self.stderr.write(f"chinese        {count}")

    def pick_tags(self, tag_ids, weights):
        wanted = self.random.randint(*TAGS_PER_ARTICLE)
        chosen = set()
        total = weights[-1]
        while len(chosen) < wanted:
            index = bisect.bisect(weights, self.random.random() * total)
            chosen.add(tag_ids[min(index, len(tag_ids) - 1)])
        return chosen

    def organizations(self, count):
        first = self.next_ids("events_organization", count)
        kinds = Organization.Kind.values
        rows = (
            (
                first + i,
                f"Bench Organization {i}",
                kinds[i % len(kinds)],
                "Hangzhou",
                "China",
                "",
                NOW,
                NOW,
            )
            for i in range(count)
        )
        columns = [
            "id",
            "name",
            "kind",
            "city",
            "country",
            "website",
            "created_at",
            "updated_at",
        ]
        self.copy("events_organization", columns, rows, count, "organizations")
        return list(range(first, first + count))

    def venues(self, count):
        first = self.next_ids("events_venue", count)
        kinds, districts = Venue.Kind.values, Venue.District.values
        rows = (
            (
                first + i,
                f"Bench Venue {i}",
                f"bench-venue-{i}",
                kinds[i % len(kinds)],
                districts[i % len(districts)],
                f"{i} Bench Road",
                "A bench venue.",
                "",
                self.random.randrange(0, 600),
                Status.PUBLISHED,
                NOW,
                NOW,
                NOW,
                "",
                "",
                "",
            )
            for i in range(count)
        )
        columns = [
            "id",
            "name",
            "slug",
            "kind",
            "district",
            "address",
            "summary",
            "description",
            "guest_rooms",
            "status",
            "published_at",
            "created_at",
            "updated_at",
            "website",
            "contact_email",
            "contact_phone",
        ]
        self.copy("events_venue", columns, rows, count, "venues")

        def rooms():
            for i in range(count):
                for n in range(ROOMS_PER_VENUE):
                    area = self.random.randrange(40, 3000)
                    theatre = self.random.randrange(area // 2, area * 2)
                    yield (
                        first + i,
                        f"Room {n}",
                        area,
                        theatre,
                        theatre // 2,
                        theatre // 2,
                        theatre,
                    )

        self.copy(
            "events_meetingroom",
            [
                "venue_id",
                "name",
                "area_m2",
                "theatre",
                "classroom",
                "banquet",
                "reception",
            ],
            rooms(),
            count * ROOMS_PER_VENUE,
            "meeting rooms",
        )

    def ambassadors(self, count, organizations):
        fields = AcademicField.objects.bulk_create(
            AcademicField(name=f"Bench field {i}", slug=f"bench-field-{i}")
            for i in range(20)
        )
        today = timezone.localdate()
        ambassadors = Ambassador.objects.bulk_create(
            Ambassador(
                name=f"Bench Ambassador {i}",
                chinese_name=f"样本{i}",
                slug=f"bench-ambassador-{i}",
                position="Professor (bench)",
                institution_id=organizations[i % len(organizations)],
                appointed_on=today,
                active=True,
                biography="",
            )
            for i in range(count)
        )
        Ambassador.academic_fields.through.objects.bulk_create(
            Ambassador.academic_fields.through(
                ambassador_id=a.pk, academicfield_id=fields[i % 20].pk
            )
            for i, a in enumerate(ambassadors)
        )
        self.stderr.write(f"ambassadors    {count}")

    def roster(self, count, organizations):
        event = Event.objects.create(
            title="Bench roster congress",
            slug="bench-roster",
            kind=Event.Kind.CONGRESS,
            start=NOW,
            end=NOW,
            city="Hangzhou",
            summary="Benchmark roster.",
            status=Status.DRAFT,
        )
        # Every roster column stored in a participant field, sampled as declared.
        fields = {c.field: c for c in COLUMNS.values() if c.field}
        samplers = [column.sampler() for column in fields.values()]

        def rows():
            for i in range(count):
                yield (
                    event.pk,
                    organizations[i % len(organizations)],
                    *[sample(i) for sample in samplers],
                    NOW,
                    NOW,
                )

        names = [Participant._meta.get_field(name).column for name in fields]
        columns = ["event_id", "organization_id", *names, "created_at", "updated_at"]
        table = Participant._meta.db_table
        self.copy(table, columns, rows(), count, "participants")
