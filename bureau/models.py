"""The bureau's own pages and its identity and contact record."""

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from hangzhou_mice.models import (
    Download,
    Image,
    PublishableModel,
    PublishableQuerySet,
    TaggedItem,
    unique_regardless_of_case,
)
from hangzhou_mice.richtext import RichTextField

# The Ministry of Industry and Information Technology's filing register,
# which every site hosted in mainland China links its ICP number to.
ICP_REGISTER_URL = "https://beian.miit.gov.cn/"
# The Ministry of Public Security's register, looked up by the number's digits.
PUBLIC_SECURITY_REGISTER_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


class Bureau(models.Model):
    """Who runs the site and how planners reach it: one row, read by every
    page's footer, the contact page and the privacy notice."""

    ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ID, editable=False)
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The bureau's official name, as every page shows it."),
    )
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("The general address, shown on every page.")
    )
    enquiry_email = models.EmailField(
        _("enquiry email"),
        blank=True,
        help_text=_("Where planners' enquiries about meetings go."),
    )
    privacy_email = models.EmailField(
        _("privacy email"),
        blank=True,
        help_text=_(
            "Named on the privacy notice for requests about personal data. "
            "When empty, the notice asks people to use the general address."
        ),
    )
    contact_name = models.CharField(
        _("contact person"),
        max_length=100,
        blank=True,
        help_text=_("The person planners deal with, named on the contact page."),
    )
    contact_role = models.CharField(
        _("contact person's role"), max_length=150, blank=True
    )
    office_hours = models.CharField(_("office hours"), max_length=150, blank=True)
    wechat_account = models.CharField(
        _("WeChat official account"),
        max_length=60,
        blank=True,
        help_text=_("Its name or ID, as people search for it in WeChat."),
    )
    wechat_qr = models.ForeignKey(
        Image,
        verbose_name=_("WeChat QR code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Shown on the contact page for visitors to scan."),
    )
    icp_number = models.CharField(
        _("ICP filing number"),
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(
                r"ICP",
                message=_("An ICP filing number reads like 浙ICP备12345678号-1."),
            )
        ],
        help_text=_(
            "Shown in every page's footer, linked to the filing register, as "
            "a site hosted in mainland China must."
        ),
    )
    public_security_number = models.CharField(
        _("public security filing number"),
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(
                r"\d{6,}",
                message=_(
                    "A public security filing number reads like "
                    "浙公网安备 33010602000001号."
                ),
            )
        ],
        help_text=_(
            "Shown in the footer, linked to its register, once the site has one."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bureau identity and contact")
        verbose_name_plural = _("bureau identity and contact")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="bureau_one_row")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.wechat_qr_id and self.wechat_qr.alt_text_missing():
            raise ValidationError(
                {
                    "wechat_qr": _(
                        "Give this image alt text (in Images) first: people who "
                        "cannot see it need to know what it is."
                    )
                }
            )

    @classmethod
    def current(cls):
        """The record (the migration creates it; an empty one if it is gone)."""
        return cls.objects.filter(pk=cls.ID).first() or cls()

    @property
    def privacy_contact(self):
        return self.privacy_email or self.email

    @property
    def icp_register_url(self):
        return ICP_REGISTER_URL

    @property
    def public_security_code(self):
        return "".join(
            ch for ch in self.public_security_number if ch.isascii() and ch.isdigit()
        )

    @property
    def public_security_url(self):
        return PUBLIC_SECURITY_REGISTER_URL.format(code=self.public_security_code)


class TaggedBureauPage(TaggedItem):
    content_object = models.ForeignKey(
        "BureauPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta(TaggedItem.Meta):
        verbose_name = _("bureau page tag")
        verbose_name_plural = _("bureau page tags")


class BureauPageQuerySet(PublishableQuerySet):
    def in_menu_order(self):
        return self.order_by("position", "pk")


@reversion.register(follow=("page_downloads",), ignore_duplicates=True)
class BureauPage(PublishableModel):
    """A page about meeting in Hangzhou that the bureau writes: why Hangzhou,
    bid support, getting here, the planner's toolkit, case studies, contact."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The last part of the page's address, the same in both languages."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("The standfirst under the title, and on cards and in search."),
    )
    body = RichTextField(_("body"), blank=True)
    hero_image = models.ForeignKey(
        Image,
        verbose_name=_("hero image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"),
        default=100,
        help_text=_(
            "Pages are listed in the navigation and the footer by this "
            "number, smallest first."
        ),
    )
    in_navigation = models.BooleanField(
        _("in the main navigation"),
        default=False,
        help_text=_(
            "Every published page is listed in the footer; these also at "
            "the top of every page."
        ),
    )
    shows_contact = models.BooleanField(
        _("shows the contact details"),
        default=False,
        help_text=_(
            "Show the bureau's address, phone, email and WeChat under the text."
        ),
    )
    downloads = models.ManyToManyField(
        Download,
        through="PageDownload",
        verbose_name=_("downloads"),
        related_name="+",
        blank=True,
    )
    tags = TaggableManager(_("tags"), through=TaggedBureauPage, blank=True)

    objects = BureauPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("bureau page")
        verbose_name_plural = _("bureau pages")
        ordering = ["position", "pk"]
        constraints = [
            unique_regardless_of_case(
                "slug",
                name="bureaupage_slug_ci_unique",
                message=_("A bureau page has this slug already."),
            )
        ]
        indexes = [
            # The page cache's "when does the next page go live", and the menu.
            models.Index(fields=["status", "published_at"], name="bureaupage_live_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bureau:page_detail", kwargs={"slug": self.slug})


@reversion.register()
class PageDownload(models.Model):
    """A download listed on a bureau page, in the page's order."""

    page = models.ForeignKey(
        BureauPage, on_delete=models.CASCADE, related_name="page_downloads"
    )
    download = models.ForeignKey(
        Download,
        verbose_name=_("download"),
        on_delete=models.PROTECT,
        related_name="bureau_pages",
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )

    class Meta:
        verbose_name = _("download on the page")
        verbose_name_plural = _("downloads on the page")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "download"],
                name="pagedownload_once_per_page",
                violation_error_message=_("This download is on the page already."),
            )
        ]

    def __str__(self):
        return str(self.download)

    @classmethod
    def publicly_shown(cls):
        """Links visitors can see: those of published pages."""
        return cls.objects.filter(page__in=BureauPage.objects.published())
