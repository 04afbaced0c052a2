"""Downloads: documents for planners, checked by their content on upload."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .. import downloads
from ..models import Download

ACCEPT = ",".join([*downloads.MEDIA_TYPES, *downloads.MEDIA_TYPES.values()])


class DownloadForm(forms.ModelForm):
    class Meta:
        model = Download
        fields = ("title", "file", "language")
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A PDF, an Excel workbook (XLSX) or a ZIP of images, at most %(size)s. "
            "Planners save it under its file name: name it as they should see it."
        ) % {"size": filesizeformat(settings.DOWNLOAD_MAX_UPLOAD_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):  # not the file kept on a change
            downloads.describe_upload(self.instance, upload)
        return upload


@admin.register(Download)
class DownloadAdmin(TranslationAdmin):
    form = DownloadForm
    list_display = ("title", "kind", "file_size", "language", "created_at")
    list_filter = ("kind", "language")
    # Both languages, whichever the editor reads the admin in.
    search_fields = ("title_en", "title_zh_hans", "original_name")
    readonly_fields = ("kind", "file_size", "original_name")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("title", "file", "language")
        return ("title", "file", "language", "kind", "file_size", "original_name")

    def save_model(self, request, obj, form, change):
        replaces = change and "file" in form.changed_data
        previous = Download.objects.get(pk=obj.pk) if replaces else None
        super().save_model(request, obj, form, change)
        if previous:
            downloads.download_delete_files(download=previous)

    def delete_model(self, request, obj):
        downloads.download_delete_files(download=obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for download in queryset:
            downloads.download_delete_files(download=download)
        super().delete_queryset(request, queryset)

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, obj):
        return filesizeformat(obj.size)
