"""The image library: uploads checked by the pipeline, renditions on demand."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from .. import images, services
from ..models import Image, RenditionStatus
from ..templatetags.languages import lang_attr
from ..translated import language_column


class ImageUploadField(forms.FileField):
    """Accept only what the image pipeline accepts; return the cleaned file."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None or upload is initial or upload is False:
            return upload
        return images.clean_upload(upload)


class ImageAddForm(forms.ModelForm):
    file = ImageUploadField(
        label=_("Image file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "JPEG, PNG or WebP, at most %(size)s and %(pixels)s."
        ) % {
            "size": images.size_label(settings.IMAGE_MAX_UPLOAD_BYTES),
            "pixels": images.pixels_label(settings.IMAGE_MAX_PIXELS),
        }

    class Meta:
        model = Image
        fields = (
            "title",
            "file",
            "alt_text_en",
            "alt_text_zh_hans",
            "credit_en",
            "credit_zh_hans",
        )


@admin.register(Image)
class ImageAdmin(TranslationAdmin):
    list_display = (
        "thumbnail",
        "title",
        "alt_text_en",
        "alt_text_zh_hans",
        "original_name",
        "dimensions",
        "renditions_state",
        "address",
        "created_at",
    )
    list_display_links = ("thumbnail", "title")
    list_filter = ("renditions_status",)
    # Both languages, whichever the editor reads the admin in.
    search_fields = (
        "title",
        "alt_text_en",
        "alt_text_zh_hans",
        "credit_en",
        "credit_zh_hans",
        "original_name",
    )
    readonly_fields = (
        "preview",
        "address",
        "original_name",
        "dimensions",
        "renditions_state",
    )
    actions = ("make_renditions_again",)

    picker_per_page = 24

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="hangzhou_mice_image_picker",
            ),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """The library as the rich-text editor's "Browse…" opens it.

        A window of its own, in the admin's style: the images newest first,
        searchable, those still being prepared too (a text shows them once
        their renditions are made), and an upload form. Choosing one hands
        its address, id and alt texts to the editor (`image-picker.js`),
        as django-prose-editor's picker protocol asks.
        """
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        may_add = self.has_add_permission(request)
        keep = {"CKEditorFuncNum": request.GET.get("CKEditorFuncNum", "")}
        form = ImageAddForm(prefix="upload")
        if request.method == "POST":
            if not may_add:
                raise PermissionDenied
            form = ImageAddForm(request.POST, request.FILES, prefix="upload")
            if form.is_valid():
                image = services.image_save(image=form.save(commit=False))
                self.log_addition(request, image, [{"added": {}}])
                query = urlencode({**keep, "pick": image.pk})
                return HttpResponseRedirect(f"{request.path}?{query}")
        # No text holds a NUL, and PostgreSQL refuses one in a query.
        search = request.GET.get("q", "").replace("\x00", "").strip()
        images_ = self.get_search_results(
            request, Image.objects.order_by("-created_at", "-pk"), search
        )[0]
        page = Paginator(images_, self.picker_per_page).get_page(request.GET.get("p"))
        languages = [code for code, _name in settings.LANGUAGES]
        choices = [
            {
                "image": image,
                "url": default_storage.url(image.file.name),
                "thumbnail": (
                    default_storage.url(image.renditions[0]["webp"])
                    if image.has_renditions
                    else ""
                ),
                "alt_texts": json.dumps(
                    {code: image.alt_text_in(code) for code in languages},
                    ensure_ascii=False,
                ),
            }
            for image in page
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Choose an image"),
            "is_popup": True,
            "page": page,
            "search": search,
            "keep": keep,
            "form": form if may_add else None,
            "choices": choices,
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/hangzhou_mice/image/picker.html", context
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ImageAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        # Each language's alt text beside the other's, and the credits below.
        described = tuple(
            tuple(language_column(field, code) for code, _name in settings.LANGUAGES)
            for field in ("alt_text", "credit")
        )
        if obj is None:
            return ("title", "file", *described)
        return (
            "preview",
            "title",
            *described,
            "address",
            "original_name",
            "dimensions",
            "renditions_state",
        )

    def get_fieldsets(self, request, obj=None):
        # TranslationAdmin would lay out the form's fields one a line.
        return [(None, {"fields": self.get_fields(request, obj)})]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        services.image_save(image=obj)

    def delete_model(self, request, obj):
        services.image_delete_files(image=obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for image in queryset:
            services.image_delete_files(image=image)
        super().delete_queryset(request, queryset)

    @admin.action(
        description=_("Make the renditions of the selected images again"),
        permissions=["change"],
    )
    def make_renditions_again(self, request, queryset):
        count = sum(
            services.image_renditions_request(image=image)
            for image in queryset.exclude(renditions_status=RenditionStatus.READY)
        )
        self.message_user(
            request,
            ngettext(
                "The renditions of %(count)d image will be made in the background.",
                "The renditions of %(count)d images will be made in the background.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("renditions"), ordering="renditions_status")
    def renditions_state(self, obj):
        if obj.renditions_status == RenditionStatus.FAILED:
            return format_html(
                "{}<br>{}",
                _("Failed: %(error)s") % {"error": obj.renditions_error},
                _(
                    "The original is kept; select the image and make its "
                    "renditions again."
                ),
            )
        return obj.get_renditions_status_display()

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        small = obj.renditions[0] if obj.has_renditions else None
        if not small:
            return "—"
        # A link to the image's page: its title names it.
        return format_html(
            '<img src="{}" alt="{}" width="120" style="height:auto">',
            obj.file.storage.url(small["webp"]),
            obj.title,
        )

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj.renditions_status == RenditionStatus.PROCESSING:
            return _("The renditions are being made; reload the page in a moment.")
        if not obj.has_renditions:
            return self.renditions_state(obj)
        medium = obj.default_rendition
        return format_html(
            '<img src="{}" alt="{}"{} style="max-width:480px;height:auto">',
            obj.file.storage.url(medium["fallback"]),
            obj.alt_text,
            lang_attr(obj, "alt_text"),
        )

    @admin.display(description=_("address to insert in a text"))
    def address(self, obj):
        """The image's address, selectable, for the editor's image button:
        a text shows it with its renditions (`richtext`)."""
        if not obj.file:
            return "—"
        return format_html(
            '<input type="text" readonly class="vTextField image-address" '
            'value="{}" aria-label="{}">',
            default_storage.url(obj.file.name),
            _("Address of %(title)s") % {"title": obj.title},
        )

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"
