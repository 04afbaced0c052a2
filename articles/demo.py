"""Demo articles: the Hangzhou PLUS roadshow and the two articles like it."""

import datetime
import io
import math
from zoneinfo import ZoneInfo

import reversion
from django.core.files.base import ContentFile
from django.utils.html import escape
from PIL import Image, ImageDraw

from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Image as LibraryImage
from hangzhou_mice.models import Language, Status, Tag
from hangzhou_mice.services import image_save, tag_pair, tag_snapshot_record

from .models import Article

SHANGHAI = ZoneInfo("Asia/Shanghai")

ARTICLES = [
    {
        "slug": "introducing-hangzhous-association-resources",
        "title": "Introducing Hangzhou's Association Resources",
        "published_at": datetime.datetime(2019, 11, 20, 10, 0, tzinfo=SHANGHAI),
        "summary": (
            "At the “Hangzhou PLUS” MICE roadshow in Beijing, the city presented "
            "its universities, research institutes and convention ambassadors to "
            "national associations and societies looking for a congress host."
        ),
        "body": (
            "The Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism took "
            "its “Hangzhou PLUS” MICE roadshow to Beijing to show national "
            "associations and societies what the city offers their meetings.\n\n"
            "Representatives of 60 associations and societies met 30 professional "
            "congress organisers (PCOs) specialising in association meetings and "
            "18 Hangzhou conference companies and hotels.\n\n"
            "On stage were Zhang Ansheng, member of the leading CPC members' group "
            "of the bureau; Tian Mei, Hangzhou Conference Ambassador and vice "
            "chairperson of the Zhejiang Association for Science and Technology; "
            "and Noor Ahmad Hamid, Regional Director Asia Pacific of ICCA.\n\n"
            "Hangzhou's case rests on knowledge: Zhejiang University, Westlake "
            "University and Alibaba DAMO Academy are here; the city has ranked "
            "first in China for net talent inflow three years running and holds "
            "51,213 invention patents. Its 53 Hangzhou Convention Ambassadors, "
            "drawn from academic circles, help associations bring their "
            "congresses to the city."
        ),
        "byline": "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism",
        "hero_caption": "West Lake at dusk (illustration)",
        "tags": ["Hangzhou", "MICE", "association meetings", "roadshow", "会展"],
    },
    {
        "slug": "clervaux-rent-a-city",
        "title": "Clervaux rent-a-city",
        "published_at": datetime.datetime(2019, 11, 11, 9, 0, tzinfo=SHANGHAI),
        "summary": (
            "A small town in the Luxembourg Ardennes rents itself out whole: "
            "events at the foot of the 12th-century Clervaux Castle."
        ),
        "body": (
            "Clervaux offers planners a whole town as a venue. Meetings, dinners "
            "and receptions take place at the foot of its 12th-century castle, "
            "with the streets, squares and historic buildings around it.\n\n"
            "It is an example of a unique venue, where the setting is as much "
            "part of an event as its programme."
        ),
        "byline": "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism",
        "tags": ["MICE", "unique venues", "destinations"],
    },
    {
        "slug": "hangzhou-leading-innovation-for-future-conferences",
        "title": "Hangzhou – Leading Innovation for Future Conferences",
        "published_at": datetime.datetime(2019, 11, 8, 9, 0, tzinfo=SHANGHAI),
        "summary": (
            "The bureau presented Hangzhou as a destination for conferences of "
            "the new economy, from digital industries to life sciences."
        ),
        "body": (
            "At an event of its own, the Hangzhou convention bureau presented the "
            "city as a destination for conferences of the new economy.\n\n"
            "Planners heard how Hangzhou's digital companies, universities and "
            "laboratories can give a conference speakers, site visits and "
            "partners."
        ),
        "byline": "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism",
        "tags": ["Hangzhou", "MICE", "association meetings", "innovation"],
    },
]


# Chinese versions, by the slug of the English article they translate.
TRANSLATIONS = {
    "introducing-hangzhous-association-resources": {
        "language": Language.CHINESE,
        "slug": "introducing-hangzhous-association-resources",
        "title": "杭州协会会议资源推介",
        "published_at": datetime.datetime(2019, 11, 22, 10, 0, tzinfo=SHANGHAI),
        "summary": (
            "在北京举办的“杭州PLUS”会展路演上，杭州向寻找大会举办地的全国性"
            "协会和学会推介了本地的高校、科研院所和会议大使。"
        ),
        "body": (
            "杭州市文化广电旅游局将“杭州PLUS”会展路演带到北京，向全国性协会和"
            "学会展示杭州能为它们的会议提供什么。\n\n"
            "60 家协会和学会的代表，与 30 家专注协会会议的专业会议组织者（PCO），"
            "以及 18 家杭州会议公司和酒店进行了交流。\n\n"
            "登台发言的有：市文化广电旅游局党组成员张安胜；杭州会议大使、浙江省"
            "科学技术协会副主席田梅；以及国际大会及会议协会（ICCA）亚太区总监"
            "努尔·艾哈迈德·哈米德。\n\n"
            "杭州的底气在于知识：浙江大学、西湖大学和阿里巴巴达摩院都在这里；"
            "杭州人才净流入率连续三年位居全国第一，拥有发明专利 51,213 件。"
            "来自学术界的 53 位杭州会议大使，帮助协会把大会带到杭州。"
        ),
        "byline": "杭州市文化广电旅游局",
        "hero_caption": "暮色中的西湖（插图）",
        "tags": ["杭州", "会展", "协会会议", "路演"],
    },
}


# Demo topics and their counterparts in Chinese.
TAG_COUNTERPARTS = {
    "MICE": "会展",
    "Hangzhou": "杭州",
    "association meetings": "协会会议",
    "roadshow": "路演",
    "innovation": "创新",
    "unique venues": "特色场地",
    "destinations": "目的地",
}


def pair_demo_tags():
    """Name each demo topic's counterpart, making the Chinese tag where no
    Chinese item uses it yet, so Chinese pages show the topic in Chinese."""
    for english, chinese in TAG_COUNTERPARTS.items():
        tag = Tag.objects.filter(name__iexact=english).first()
        if tag and tag.counterpart_id is None:
            other = Tag.objects.get_or_create(name=chinese)[0]
            tag.counterpart = other
            tag.save()
            tag_pair(tag=tag)


def west_lake_picture(width=1600, height=900):
    """Draw a simple West Lake landscape as JPEG bytes."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)], fill=(int(250 - 80 * t), 190, int(130 + 90 * t))
        )
    for layer, colour in enumerate([(88, 128, 120), (46, 96, 90)]):
        base = height * (0.52 + 0.06 * layer)
        points = [(0, height)]
        for x in range(0, width + 1, 20):
            wave = math.sin(x / (160 + 90 * layer) + layer) * 45
            points.append((x, base + wave - 40 * math.sin(x / width * math.pi)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    draw.rectangle([0, int(height * 0.68), width, height], fill=(58, 122, 130))
    draw.ellipse(
        [width * 0.7, height * 0.18, width * 0.7 + 110, height * 0.18 + 110],
        fill=(255, 214, 120),
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def demo_picture():
    """Return the demo hero image, made once through the image pipeline."""
    title = "West Lake at dusk (demo illustration)"
    existing = LibraryImage.objects.filter(title=title).first()
    if existing:
        return existing
    upload = clean_upload(ContentFile(west_lake_picture(), name="west-lake.jpg"))
    return image_save(
        image=LibraryImage(
            title=title,
            file=upload,
            alt_text_en="Green hills above West Lake under an orange evening sky",
            alt_text_zh_hans="橙色晚霞下，西湖边青山连绵",
            credit_en="Hangzhou MICE demo image",
            credit_zh_hans="杭州会展演示图片",
        )
    )


def as_html(text):
    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n"))


def load_articles():
    """Create the demo articles that do not exist yet; return how many exist.

    Existing ones are left as they are, so an editor's changes survive the
    next `make run`.
    """
    for data in ARTICLES:
        original = create_article(data)
        translation = TRANSLATIONS.get(data["slug"])
        if translation and original:
            create_article(translation, translation_key=original.translation_key)
    pair_demo_tags()
    return Article.objects.filter(status=Status.PUBLISHED).count()


def create_article(data, **fields):
    """Create a demo article unless it exists; return it either way."""
    language = data.get("language", Language.ENGLISH)
    existing = Article.objects.filter(slug=data["slug"], language=language).first()
    if existing:
        return existing
    data = {**data, **fields, "language": language}
    tags = data.pop("tags")
    data["body"] = as_html(data["body"])
    if data.get("hero_caption"):
        data["hero_image"] = demo_picture()
    with reversion.create_revision():
        reversion.set_comment("Demo content")
        article = Article.objects.create(status=Status.PUBLISHED, **data)
        article.tags.set(tags)
        tag_snapshot_record(obj=article)
    return article
