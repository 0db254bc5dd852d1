"""Images in the admin: thumbnails, credits, and the library of every image."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from core.history import HistoryAdmin

from .models import Image
from .validators import ACCEPT

ADMIN_CSS = {"all": ["admin/fulcrum/admin.css"]}


def is_web_url(url):
    return url.lower().startswith(("http://", "https://"))


def thumbnail_html(image, size=80):
    """Return an <img> for an Image, with its alt text, or "" without a file."""
    if image is None or not image.file:
        return ""
    alt = "" if image.is_decorative else image.alt_text
    return format_html(
        '<img src="{}" alt="{}" width="{}" class="fulcrum-thumb" loading="lazy">',
        image.file.url,
        alt,
        size,
    )


def credit_html(image):
    """Return the credit line, linking to the source when there is one."""
    if image.source_url and is_web_url(image.source_url):
        return format_html(
            '{} <a href="{}" rel="noopener noreferrer">source</a>',
            image.credit,
            image.source_url,
        )
    return image.credit


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "is_decorative",
            "caption",
            "credit",
            "source_url",
            "licence",
        ]
        widgets = {
            "file": admin.widgets.AdminFileWidget(attrs={"accept": ACCEPT}),
        }


@admin.register(Image)
class ImageAdmin(HistoryAdmin):
    form = ImageAdminForm
    list_display = [
        "thumbnail",
        "__str__",
        "credit_line",
        "licence",
        "is_decorative",
        "uploaded_by",
        "created_at",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["licence", "is_decorative"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    ordering = ["-created_at", "-id"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "is_decorative"]}),
        ("Attribution", {"fields": ["caption", "credit", "source_url", "licence"]}),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": [("width", "height"), "uploaded_by", "created_at"],
            },
        ),
    ]
    readonly_fields = ["preview", "width", "height", "uploaded_by", "created_at"]

    class Media:
        css = ADMIN_CSS

    def save_model(self, request, obj, form, change):
        if not change or "file" in form.changed_data:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="image")
    def thumbnail(self, obj):
        return thumbnail_html(obj)

    @admin.display(description="preview")
    def preview(self, obj):
        return thumbnail_html(obj, size=320) or "—"

    @admin.display(description="credit", ordering="credit")
    def credit_line(self, obj):
        return credit_html(obj)
