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
CHINESE_SHARE = 1  # every article also exists in Chinese (1: all, 20: one in 20)
NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
FUNCTION_WORDS_SHARE = 0.4  # of the words in a text: the, of; 的, 在

# Article text: words drawn from these, the first most often (see Prose), so
# that a query word is common or rare as on a real site. "_" joins the words
# of a phrase; Chinese is written without spaces.
ENGLISH_WORDS = """
the of and to in a for is on with as at by from that this are be will was it
an its their has have which more than also over into about after both during
while other many most such these Hangzhou China international conference
congress meeting city association event venue delegates industry business
digital economy center hotel exhibition innovation forum services development
Zhejiang research medical technology support hosts year programme participants
organizers cooperation culture convention_bureau destination visitors experts
academic science university global leading world annual partners sustainable
planning facilities halls capacity guests travel tourism incentive expo trade
summit sessions keynote speakers panel discussion networking reception banquet
dinner West_Lake tea society federation committee members bid proposal
ambassador scholars professor hospital clinical health
platform data cloud e-commerce logistics finance startup entrepreneurs
investment manufacturing green carbon energy climate education students
training workshop seminar symposium roadshow delegation agreement signing
ceremony launch awards Grand_Canal Qiantang_River Asian_Games Xixi_Wetland
Liangzhu heritage UNESCO garden pagoda temple silk Longjing artificial_intelligence
robotics semiconductor biotechnology genomics neurology surgery pediatrics
nursing pharmacy ophthalmology dentistry healthcare smart mobility transport
metro airport high-speed_rail station hospitality catering accommodation
ballroom auditorium theatre classroom layout rooms square_metres seats budget
sponsorship sponsors exhibitors booths floor pavilion hybrid virtual
livestream registration badge shuttle interpreters simultaneous translation
visa arrival welcome opening closing plenary parallel breakout poster abstract
journal publication scientists engineers doctors physicians nurses
pharmaceutical device cardiology regulation policy government municipal provincial
national regional bilateral Belt_and_Road ASEAN Europe Asia America Africa
Japan Korea Singapore Germany France Britain Australia Canada
partnership memorandum alliance network chamber commerce export import
supply_chain retail consumer brand marketing media press journalists
photography film music art design fashion craft porcelain calligraphy
painting poetry Song_dynasty Southern_Song imperial history museum oncology library
archive campus laboratory institute academy foundation charity volunteer
community neighbourhood district Binjiang Xiaoshan Yuhang Shangcheng
Gongshu Xihu Linping Fuyang Tonglu Chun'an Qiandao_Lake Moganshan Wuzhen
Shaoxing Ningbo Shanghai Suzhou Nanjing Yangtze_River_Delta tidal_bore
osmanthus lotus plum blossom bamboo willow dragon_well boat cruise lantern
festival food cuisine Dongpo_pork beggar's_chicken vinegar_fish noodles
dumplings anniversary milestone record attendance
"""
CHINESE_WORDS = """
的 在 和 与 是 为 了 将 对 中 也 等 以 并 及 由 于 年 各 新 杭州 会议 国际 会展 合作
发展 城市 活动 大会 论坛 协会 创新 浙江 中国 举办 企业 产业 专家 学术 交流 代表 嘉宾
展览 酒店 服务 平台 科技 文化 旅游 西湖 数字经济 学会 医学 研究 大学 医院 健康 大使
国际会议 亚运会 运河 钱塘江 丝绸 茶叶 人工智能 电子商务 绿色 低碳 能源 教育 培训
研讨会 峰会 开幕式 签约 仪式 发布会 展位 展商 场馆 宴会厅 会议室 报告厅 座位 预算
赞助 注册 接待 翻译 会议中心 签证 机场 地铁 高铁 交通 住宿 餐饮 美食 生物医药
智能制造 临床 良渚 龙井 西溪 湿地 宋韵 南宋 历史 博物馆 图书馆 实验室 研究院 基金会
志愿者 社区 推介会 滨江 萧山 余杭 上城 拱墅 临平 富阳 桐庐 淳安 千岛湖 莫干山 乌镇
绍兴 宁波 上海 长三角 一带一路 东盟 欧洲 亚洲 日本 韩国 新加坡 德国 法国 英国 澳大利亚
加拿大 伙伴 联盟 商会 贸易 品牌 媒体 记者 摄影 音乐 艺术 设计 时尚 瓷器 书法 绘画
诗词 桂花 荷花 竹林 游船 灯会 节庆 周年 纪录 闭幕式 同声传译 东坡肉 西湖醋鱼 肿瘤
心血管 神经 外科 儿科 护理 药学 眼科 口腔 基因组 半导体 机器人
"""

ARTICLE_COLUMNS = [
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


def falling(count, exponent):
    """Weights from common to rare: Zipf–Mandelbrot, (rank + 10) ** -exponent."""
    return [1 / (rank + 10) ** exponent for rank in range(1, count + 1)]


class Prose:
    """Sentences, titles and bodies of words drawn from a vocabulary.

    The words before `first_noun` are FUNCTION_WORDS_SHARE of the draws,
    Zipf-distributed; the nouns after fall off with `exponent`, steeper for
    Chinese, which has about twice the words in a text, so that a query
    word is in 1% to nearly all of the articles.
    """

    def __init__(self, rng, vocabulary, first_noun, exponent, *, space, stop):
        self.words = [word.replace("_", " ") for word in vocabulary.split()]
        split = self.words.index(first_noun)
        self.nouns = self.words[split:]  # for titles
        nouns = falling(len(self.nouns), exponent)
        common = [1 / rank for rank in range(1, split + 1)]
        weights = [FUNCTION_WORDS_SHARE * w / sum(common) for w in common]
        weights += [(1 - FUNCTION_WORDS_SHARE) * w / sum(nouns) for w in nouns]
        self.weights = list(itertools.accumulate(weights))
        self.noun_weights = list(itertools.accumulate(nouns))
        self.rng, self.space, self.stop = rng, space, stop
        self.comma = "," if stop == "." else "，"

    def sentence(self):
        words = self.rng.choices(
            self.words, cum_weights=self.weights, k=self.rng.randint(8, 18)
        )
        words[self.rng.randrange(3, 6)] += self.comma
        text = self.space.join(words)
        return text[0].upper() + text[1:] + self.stop

    def title(self):
        k = self.rng.randint(3, 6)
        words = self.rng.choices(self.nouns, cum_weights=self.noun_weights, k=k)
        return self.space.join(word[0].upper() + word[1:] for word in words)

    def body(self, length):
        """Paragraphs of two to five sentences, `length` characters or more."""
        paragraphs, size = [], 0
        while size < length:
            count = self.rng.randint(2, 5)
            paragraph = self.space.join(self.sentence() for _ in range(count))
            paragraphs.append(f"<p>{paragraph}</p>")
            size += len(paragraph)
        return "".join(paragraphs)


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
        # Text from a stream of its own: every other value stays as it was.
        text = random.Random(f"{seed} text")  # noqa: S311
        self.english = Prose(text, ENGLISH_WORDS, "Hangzhou", 2, space=" ", stop=".")
        self.chinese = Prose(text, CHINESE_WORDS, "杭州", 3, space="", stop="。")
        with transaction.atomic():
            tag_ids = self.tags(sizes["tags"])
            first_article = self.articles(sizes["articles"], tag_ids)
            self.chinese_articles(sizes["articles"] // CHINESE_SHARE, first_article)
            organizations = self.organizations(sizes["organizations"])
            self.venues(sizes["venues"])
            self.ambassadors(sizes["ambassadors"], organizations)
            self.roster(sizes["participants"], organizations)
        with connection.cursor() as cursor:
            # Vacuumed as well, outside a transaction (the bench): otherwise
            # autovacuum works through the new rows while the first
            # benchmarks run, and slows them.
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            cursor.execute(f"{vacuum}ANALYZE")
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
                    self.english.title(),
                    f"bench-article-{i}",
                    self.english.sentence(),
                    self.english.body(self.english.rng.randint(500, 850)),
                    status,
                    published,
                    published,
                    published,
                    "",
                    "",
                    Language.ENGLISH,
                    uuid.UUID(int=article_id),  # no draw: the same data as before
                )

        self.copy("articles_article", ARTICLE_COLUMNS, rows(), count, "articles")
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
        shift = first - first_english
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, slug, status, published_at, created_at, updated_at,"
                " translation_key FROM articles_article"
                " WHERE id >= %s AND id < %s ORDER BY id",
                [first_english, first_english + count],
            )
            english = cursor.fetchall()
        rows = (
            (
                pk + shift,
                self.chinese.title(),
                slug,
                self.chinese.sentence(),
                self.chinese.body(self.chinese.rng.randint(400, 800)),
                status,
                published + datetime.timedelta(days=1),
                created,
                updated,
                "",
                "",
                Language.CHINESE,
                key,
            )
            for pk, slug, status, published, created, updated, key in english
        )
        self.copy("articles_article", ARTICLE_COLUMNS, rows, count, "chinese")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_taggedarticle (tag_id, content_object_id)"
                " SELECT tag_id, content_object_id + %(shift)s"
                " FROM articles_taggedarticle"
                " WHERE content_object_id >= %(first)s AND content_object_id < %(end)s",
                {"shift": shift, "first": first_english, "end": first_english + count},
            )

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
