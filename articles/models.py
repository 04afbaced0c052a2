import uuid

import reversion
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from hangzhou_mice.models import (
    Image,
    Language,
    PublishableModel,
    PublishableQuerySet,
    ReservedSlugValidator,
    ReviewedModel,
    Status,
    TaggedItem,
    unique_regardless_of_case,
)
from hangzhou_mice.related import rank_by_shared_tags
from hangzhou_mice.richtext import RichTextField
from hangzhou_mice.slugs import slug_for

# Addresses of the section that no article may take.
RESERVED_SLUGS = ("feed",)


class TaggedArticle(TaggedItem):
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta(TaggedItem.Meta):
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")


class ArticleQuerySet(PublishableQuerySet):
    def in_language(self, language=None):
        """Articles written in `language`, by default the active one."""
        return self.filter(language=language or get_language())

    def similar_to(self, article, *, limit=3):
        """Return published articles of its language sharing most tags."""
        tag_ids = TaggedArticle.objects.filter(content_object=article).values("tag")
        return rank_by_shared_tags(
            self.published().in_language(article.language),
            tag_ids,
            exclude_pk=article.pk,
            limit=limit,
        )


# A waiting change is not a version of the item: its history has the steps.
@reversion.register(ignore_duplicates=True, exclude=("pending", "pending_at"))
class Article(ReviewedModel, PublishableModel):
    language = models.CharField(
        _("language"), max_length=10, choices=Language, default=Language.ENGLISH
    )
    translation_key = models.UUIDField(
        _("translation key"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Shared by an article and its translations."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        blank=True,
        help_text=_(
            "The last part of the article's address, in Latin letters, digits "
            "and hyphens. Left empty, it is made from the title (Chinese in "
            "pinyin, or the English translation's title)."
        ),
        validators=[ReservedSlugValidator(*RESERVED_SLUGS)],
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("The standfirst shown in lists and under Similar Articles."),
    )
    body = RichTextField(_("body"))
    hero_image = models.ForeignKey(
        Image,
        verbose_name=_("hero image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hero_caption = models.CharField(_("caption"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("Shown to readers; the author's name when left empty."),
    )
    tags = TaggableManager(_("tags"), through=TaggedArticle, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("submit_article", _("Can submit an article for review")),
            ("review_article", _("Can approve an article or send it back")),
            ("publish_article", _("Can publish an article")),
        ]
        constraints = [
            unique_regardless_of_case(
                "slug",
                "language",
                name="article_slug_ci_unique",
                message=_("An article in this language has this slug already."),
            ),
            models.UniqueConstraint(
                fields=["translation_key", "language"],
                name="article_one_per_language",
                violation_error_message=_(
                    "This article has a translation in this language already."
                ),
            ),
        ]
        indexes = [
            # The page cache's "when does the next article go live", and lists.
            models.Index(fields=["status", "-published_at"], name="article_live_idx"),
            models.Index(
                fields=["language", "status", "-published_at"],
                name="article_language_idx",
            ),
            models.Index(fields=["translation_key"], name="article_translations_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.new_slug()
        super().save(*args, **kwargs)

    def change_published(self, before):
        self.old_slug_keep(before.slug)

    def old_slug_keep(self, old_slug):
        """Keep the slug a published article is leaving: its address
        redirects. Call it before saving the new slug. A draft has had no
        public address, and a change of case only is redirected anyway
        (CanonicalSlugMixin)."""
        if old_slug.lower() == self.slug.lower() or not (
            Article.objects.filter(pk=self.pk, status=Status.PUBLISHED).exists()
        ):
            return
        self.old_slugs.filter(slug__iexact=self.slug).delete()
        self.old_slugs.get_or_create(slug__iexact=old_slug, defaults={"slug": old_slug})

    def get_absolute_url(self):
        with override(self.language):
            return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        with override(self.language):
            return reverse("articles:article_preview", kwargs={"pk": self.pk})

    def translations(self):
        """This article in every language it exists in, itself included."""
        return Article.objects.filter(translation_key=self.translation_key)

    @property
    def translations_page_key(self):
        """The page-cache key of its translations: a change to one outdates
        the others' pages, which link it (`hangzhou_mice.pagecache`)."""
        return f"articles.translations:{self.translation_key}"

    def new_slug(self):
        """A free Latin slug from the English translation's title, or this one's."""
        english = self.language != Language.ENGLISH and (
            self.translations()
            .filter(language=Language.ENGLISH)
            .values_list("title", flat=True)
            .first()
        )
        others = Article.objects.filter(language=self.language).exclude(pk=self.pk)
        return slug_for(
            english or self.title,
            taken=lambda slug: (
                slug in RESERVED_SLUGS or others.filter(slug__iexact=slug).exists()
            ),
            fallback="article",
        )

    @property
    def display_byline(self):
        if self.byline:
            return self.byline
        return self.author.get_full_name() if self.author else ""


class OldSlug(models.Model):
    """A slug an article was published under: its old address redirects."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="old_slugs"
    )
    # Not a SlugField: the slugs of the first years hold Han characters.
    slug = models.CharField(_("slug"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")
        constraints = [
            unique_regardless_of_case(
                "slug",
                "article",
                name="article_old_slug_ci_unique",
                message=_("The article had this slug already."),
            )
        ]

    def __str__(self):
        return self.slug


class SimilarList(models.Model):
    """That an article's Similar Articles list is stored (see similar.py)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    complete = models.BooleanField(
        default=False, help_text=_("The list holds every candidate there was.")
    )

    class Meta:
        verbose_name = _("stored similar-articles list")
        verbose_name_plural = _("stored similar-articles lists")

    def __str__(self):
        return str(self.article_id)


class SimilarArticle(models.Model):
    """One entry of a stored Similar Articles list."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    # `similar_in`: the stored lists an article is in (`similar.stored_read`).
    similar = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="similar_in"
    )
    shared = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("stored similar article")
        verbose_name_plural = _("stored similar articles")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "similar"], name="unique_similar_article"
            )
        ]
        indexes = [models.Index(fields=["similar"], name="similar_by_member_idx")]

    def __str__(self):
        return f"{self.article_id} → {self.similar_id}"
