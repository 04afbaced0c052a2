"""The search's synonym groups, edited by the bureau's editors."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import SynonymGroup
from ..search.synonyms import entries

MAX_ENTRIES = 30
MAX_LENGTH = 100


class SynonymGroupForm(forms.ModelForm):
    class Meta:
        model = SynonymGroup
        fields = ["terms"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 6})}

    def clean_terms(self):
        found = entries(self.cleaned_data["terms"])
        if len(found) < 2:
            raise forms.ValidationError(
                _("Give at least two words or phrases that mean the same.")
            )
        if len(found) > MAX_ENTRIES:
            raise forms.ValidationError(
                _("At most %(max)d words or phrases in one group.")
                % {"max": MAX_ENTRIES}
            )
        if long := [entry for entry in found if len(entry) > MAX_LENGTH]:
            raise forms.ValidationError(
                _("A word or phrase is at most %(max)d characters: %(entry)s")
                % {"max": MAX_LENGTH, "entry": long[0][:40] + "…"}
            )
        return "\n".join(found)


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    form = SynonymGroupForm
    list_display = ("__str__", "updated_at")
    search_fields = ("terms",)
