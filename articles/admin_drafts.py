"""Paste a link, get a draft, on "Add commentary" (issue 15, item 1).

Above the add form, a small GET form takes the full article's URL; "Fetch
details" reloads the add form pre-filled from the page (articles.drafting):
title, outlet, link, original date and its precision, authors in byline
order, tags on file, the description as a quotation. Nothing is saved until
the editor saves, and the status is never touched. A page that cannot be
fetched or read leaves the form empty, with the reason in a message.

The page's image is not downloaded to show the form: its address travels in
a hidden field, with its credit, source and alt text beside it for the editor
to check, and is downloaded through the address guard when the form is
validated on save, then stored as an Image like an upload.

No script: a plain GET form, so the strict CSP has nothing to allow.
"""

from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from core.validators import http_url
from images.models import Image

from .drafting import DraftError, draft_from_url, fetch_image
from .models import Authorship, Commentary

FETCH_PARAMETER = "fetch_url"
IMAGE_FIELDS = [
    "fetched_image_url",
    "fetched_image_use",
    "fetched_image_credit",
    "fetched_image_source",
    "fetched_image_alt",
]


class FetchForm(forms.Form):
    fetch_url = forms.URLField(
        label="Full-article URL",
        max_length=1000,
        assume_scheme="https",
        validators=[http_url],
        help_text="Paste the address of the outside article and press “Fetch "
        "details”: the form below is filled in from the page, for you to check. "
        "Nothing is saved until you save.",
        widget=forms.URLInput(
            attrs={"autofocus": True, "size": 60, "placeholder": "https://"}
        ),
    )


class FetchedImageForm(forms.Form):
    """The page's image, downloaded when the piece is saved (if still wanted)."""

    fetched_image_url = forms.URLField(
        max_length=1000, required=False, widget=forms.HiddenInput
    )
    fetched_image_use = forms.BooleanField(
        label="Use the page's image",
        required=False,
        initial=True,
        help_text="Downloaded and added to the images when you save. Untick to "
        "choose another image (or none) above.",
    )
    fetched_image_credit = forms.CharField(
        label="Image credit",
        max_length=500,
        required=False,
        help_text="Who made or owns the image, as the credit line shows it.",
    )
    fetched_image_source = forms.URLField(
        label="Image source",
        max_length=1000,
        required=False,
        assume_scheme="https",
        validators=[http_url],
        help_text="Where the image comes from, linked from the credit line.",
    )
    fetched_image_alt = forms.CharField(
        label="Image alt text",
        max_length=300,
        required=False,
        help_text="What the image shows, for people who cannot see it.",
    )

    # The downloaded, checked file, once clean() has passed.
    fetched_image_file = None

    def clean(self):
        cleaned_data = super().clean()
        url = cleaned_data.get("fetched_image_url")
        if not url or not cleaned_data.get("fetched_image_use"):
            return cleaned_data
        if cleaned_data.get("image"):
            self.add_error(
                "fetched_image_use",
                "An image is chosen above: untick this, or clear the image above.",
            )
            return cleaned_data
        if not (cleaned_data.get("fetched_image_credit") or "").strip():
            self.add_error(
                "fetched_image_credit",
                "The page does not say who made the image: enter the credit, or "
                "untick “Use the page's image”.",
            )
        if not (cleaned_data.get("fetched_image_alt") or "").strip():
            self.add_error(
                "fetched_image_alt",
                "Describe the image, or untick “Use the page's image”.",
            )
        if not self.errors:
            try:
                self.fetched_image_file = fetch_image(url)
            except forms.ValidationError as err:
                self.add_error("fetched_image_use", err)
        return cleaned_data


def with_fetched_image(form_class):
    """The commentary form with the fields of the page's image added."""
    return type(
        f"Fetched{form_class.__name__}",
        (FetchedImageForm, form_class),
        {"fetched_image_file": None},
    )


def outlet_proposal(draft):
    """A link that opens the outlet's add form, filled in, in a new tab."""
    query = urlencode(
        {"name": draft.outlet_name, "homepage_url": draft.outlet_homepage}
    )
    return format_html(
        "Outlet: “{}” is not on file. "
        '<a href="{}?{}" target="_blank" rel="noopener">Add it</a> (a new tab), '
        "then choose it under “Outlet”.",
        draft.outlet_name or draft.outlet_homepage,
        reverse("admin:articles_outlet_add"),
        query,
    )


class DraftFromUrlAdmin:
    """CommentaryAdmin's add view, pre-filled from a pasted URL."""

    add_form_template = "admin/articles/commentary/add_form.html"

    def add_view(self, request, form_url="", extra_context=None):
        request.fulcrum_draft = None
        url = request.GET.get(FETCH_PARAMETER)
        # Asked before anything is fetched: the GET needs no CSRF token, so a
        # link could make any staff member's browser ask for an outside page.
        # Only who may add a commentary makes the site fetch one.
        may_fetch = self.has_add_permission(request)
        if request.method == "GET" and url is not None and may_fetch:
            fetch_form = FetchForm(request.GET)
            if fetch_form.is_valid():
                self.read_draft(request, fetch_form.cleaned_data["fetch_url"])
        else:
            fetch_form = FetchForm(initial={FETCH_PARAMETER: url})
        extra_context = {**(extra_context or {}), "fetch_form": fetch_form}
        return super().add_view(request, form_url, extra_context)

    def read_draft(self, request, url):
        try:
            draft = draft_from_url(url)
        except DraftError as err:
            self.message_user(request, f"{err} Nothing was filled in.", messages.ERROR)
            return
        request.fulcrum_draft = draft
        on_file = Commentary.objects.filter(
            full_article_url__in={url, draft.url}
        ).first()
        if on_file is not None:
            self.message_user(
                request,
                format_html(
                    'This article is already on file: <a href="{}">{}</a>. '
                    "Saving this form would add it a second time.",
                    reverse("admin:articles_commentary_change", args=[on_file.pk]),
                    on_file.title,
                ),
                messages.WARNING,
            )
        self.message_user(
            request,
            f"Filled in from the page: {', '.join(draft.filled())}. Check each "
            "field, then save: nothing is saved or published until you do.",
            messages.SUCCESS,
        )
        notes = [
            problem
            for field, problem in draft.problems.items()
            if field not in {"outlet", "image credit"}
        ]
        if notes:
            self.message_user(
                request,
                f"Not found on the page: {' '.join(notes)}",
                messages.WARNING,
            )
        if draft.new_keywords:
            listed = ", ".join(f"“{word}”" for word in draft.new_keywords)
            self.message_user(
                request,
                f"Keywords of the page that are no tag (not added): {listed}.",
                messages.INFO,
            )
        if draft.outlet is None:
            self.message_user(request, outlet_proposal(draft), messages.WARNING)

    @staticmethod
    def draft_of(request):
        return getattr(request, "fulcrum_draft", None)

    @staticmethod
    def carries_image(request, obj):
        """Whether this add form shows (or was sent) the page's image."""
        if obj is not None:
            return False
        draft = getattr(request, "fulcrum_draft", None)
        if request.method == "POST":
            return bool(request.POST.get("fetched_image_url"))
        return bool(draft and draft.image_url)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop(FETCH_PARAMETER, None)
        draft = self.draft_of(request)
        if draft is None:
            return initial
        initial.update(draft.initial())
        if draft.image_url:
            initial.update(
                fetched_image_url=draft.image_url,
                fetched_image_credit=draft.image_credit,
                fetched_image_source=draft.image_source or draft.image_url,
                fetched_image_alt=draft.image_alt,
            )
        return initial

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.carries_image(request, obj):
            return fieldsets
        url = request.POST.get("fetched_image_url") or self.draft_of(request).image_url
        if not url.lower().startswith(("http://", "https://")):
            url = ""  # A posted value is shown only if it is a web address.
        page_image = (
            "Image from the page",
            {
                "fields": IMAGE_FIELDS,
                "description": format_html(
                    'The page\'s image: <a href="{}" target="_blank" '
                    'rel="noopener">{}</a>. Check its credit and alt text.',
                    url,
                    url,
                ),
            },
        )
        names = [name for name, _options in fieldsets]
        at = names.index("Image") + 1 if "Image" in names else len(fieldsets)
        return [*fieldsets[:at], page_image, *fieldsets[at:]]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.carries_image(request, obj):
            kwargs["form"] = with_fetched_image(kwargs.get("form", self.form))
        return super().get_form(request, obj, change, **kwargs)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        draft = self.draft_of(request)
        if draft and draft.authors:
            for inline in inlines:
                if inline.model is Authorship:
                    # A row for each author read, and one spare.
                    rows = max(inline.get_extra(request, obj), len(draft.authors) + 1)
                    inline.get_extra = lambda *args, rows=rows, **kwargs: rows
        return inlines

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        draft = self.draft_of(request)
        # Initial rows only on the GET: what the editor sends is a new row.
        if draft and request.method == "GET" and inline.model is Authorship:
            kwargs["initial"] = draft.author_rows()
        return kwargs

    def save_model(self, request, obj, form, change):
        upload = getattr(form, "fetched_image_file", None)
        if upload is not None and not change:
            data = form.cleaned_data
            obj.image = Image.objects.create(
                file=upload,
                credit=data["fetched_image_credit"].strip(),
                source_url=data["fetched_image_source"] or data["fetched_image_url"],
                alt_text=data["fetched_image_alt"].strip(),
                uploaded_by=request.user,
            )
        super().save_model(request, obj, form, change)
