"""What the commentary form shows before it is saved: the page and the lede.

`preview_view` renders the public page from the posted form, exactly as
readers will see it once published: the piece, its authors and tags are
written inside a transaction, the public template renders them, and the
transaction is rolled back, so nothing is saved (and no cached page is made
stale: pagecache's bump waits for a commit that never comes).

`lede_view` answers the lede the posted authors, kind and outlet make, and
which outside authors' names are spellings of a member's (members.names),
so the form can offer to link the member. Both are POSTs from the form
(CSRF-checked by Django's middleware) and ask the permission to add or
change pieces (CommentaryAdmin.get_urls allows them POST only).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from members.models import Member

from .ledes import build_lede
from .models import Commentary, Outlet

AUTHORS_PREFIX = "authorships"
# How many member suggestions a typed name gets.
SUGGESTIONS = 3


def posted_piece(model_admin, request):
    """Return the stored piece the form edits (None for a new one), if the
    person may edit it; refuse otherwise."""
    object_id = request.GET.get("of", "")
    if not object_id:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    obj = model_admin.get_object(request, object_id)
    if obj is None:
        raise Http404("No such piece.")
    if not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    return obj


def preview_view(model_admin, request):
    obj = posted_piece(model_admin, request)
    # change=False: a preview is no save, so no edit-conflict check.
    form_class = model_admin.get_form(request, obj, change=False)
    form = form_class(request.POST, request.FILES, instance=obj or Commentary())
    formsets, _ = model_admin._create_formsets(
        request, form.instance, change=obj is not None
    )
    problems = [
        f"{form[name].label if name in form.fields else 'Form'}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ] + [
        " ".join(str(error) for error in formset.non_form_errors())
        or "An author row has an error."
        for formset in formsets
        if not formset.is_valid()
    ]
    if problems:
        response = render(
            request,
            "admin/articles/commentary/preview_problems.html",
            {"problems": problems, "title": "Nothing to preview yet"},
            status=400,
        )
        add_never_cache_headers(response)
        return response
    with transaction.atomic():
        piece = form.save(commit=False)
        # As readers will see it once out: no "not public" banner.
        now = timezone.now()
        piece.status = Commentary.Status.PUBLISHED
        if piece.published_at is None or piece.published_at > now:
            piece.published_at = now
        piece.unpublish_at = None
        piece.save()
        form.save_m2m()
        for formset in formsets:
            formset.instance = piece
            formset.save()
        shown = Commentary.objects.select_related("outlet", "image").get(pk=piece.pk)
        shown.load_related()
        response = render(
            request,
            "articles/commentary_detail.html",
            {"commentary": shown, "object": shown, "lede": shown.lede},
        )
        transaction.set_rollback(True)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def posted_authors(post):
    """Return the inline's rows as (position, row index, member id, name,
    not_member), in the order the editor gave, deleted and empty rows left
    out."""
    try:
        total = int(post.get(f"{AUTHORS_PREFIX}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    rows = []
    for index in range(min(total, 100)):
        field = f"{AUTHORS_PREFIX}-{index}-"
        if post.get(f"{field}DELETE"):
            continue
        member = post.get(f"{field}member", "").strip()
        name = post.get(f"{field}name", "").strip()
        if not (member.isdigit() or name):
            continue
        position = post.get(f"{field}position", "").strip()
        order = (0, int(position)) if position.isdigit() else (1, 0)
        rows.append(
            (
                (*order, index),
                index,
                int(member) if member.isdigit() else None,
                name,
                bool(post.get(f"{field}not_member")),
            )
        )
    return sorted(rows)


def lede_view(model_admin, request):
    posted_piece(model_admin, request)
    rows = posted_authors(request.POST)
    members = Member.objects.in_bulk([row[2] for row in rows if row[2]])
    authors, suggestions = [], {}
    for _, index, member_id, name, not_member in rows:
        member = members.get(member_id)
        if member is not None:
            authors.append((member.name, True))
            continue
        authors.append((name, False))
        if name and not not_member:
            found = Member.objects.matching(name).order_by("name")[:SUGGESTIONS]
            if found:
                suggestions[f"{AUTHORS_PREFIX}-{index}"] = [
                    {"id": m.pk, "name": m.name} for m in found
                ]
    outlet_id = request.POST.get("outlet", "")
    outlet = (
        Outlet.objects.filter(pk=outlet_id).first() if outlet_id.isdigit() else None
    )
    kind = request.POST.get("kind") or Commentary.Kind.COMMENTARY
    lede = build_lede(authors, kind, outlet.name_in_sentence if outlet else "")
    return JsonResponse({"lede": lede, "members": suggestions})
