"""The logo on the admin's member form: an upload field checked by members.logos, a preview, a removal."""

from django import forms
from django.contrib import messages
from django.contrib.admin import display as admin_display
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .logos import open_logo
from .services import member_set_logo


class MemberLogoForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label=_("new logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP (not SVG). It is resized for the pages; the file itself is not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    logo_remove = forms.BooleanField(label=_("remove the logo"), required=False)

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            open_logo(upload)  # refuses, with a message, what is not a usable image
            upload.seek(0)
        return upload


class MemberLogoAdminMixin:
    """For MemberAdmin: `logo_upload`, `logo_remove` and `logo_preview` in its fieldsets."""

    form = MemberLogoForm

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "logo_preview"]

    @admin_display(description=_("current logo"))
    def logo_preview(self, obj):
        if not obj or not obj.logo_large:
            return gettext("No logo")
        return format_html('<img src="{}" alt="" width="128">', obj.logo_large.url)

    def save_logo(self, request, obj, form):
        """After the member itself is saved (`MemberAdmin.save_model`): the new logo, or its removal."""
        upload, remove = form.cleaned_data.get("logo_upload"), form.cleaned_data.get("logo_remove")
        if upload or (remove and obj.logo_large):
            member_set_logo(member=obj, upload=upload or None)
            if upload:
                messages.info(request, gettext("The logo was resized and saved."))
