"""One member, to a record and back: the fulcrum-members format.

A record matches an existing member by slug, else by name (or one of the
member's aliases, spelled any way: see members.names.name_key), and updates
it in place; otherwise the member is created. Fields a record leaves out
(a column missing from a CSV file) keep their stored values.
"""

import json
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django_countries import countries

from core.slugs import slug_for
from images.models import Image
from members.models import Member, MemberAlias, MemberLink, MembershipCategory
from members.names import name_key

from . import images
from .matching import fold
from .records import (
    MISSING,
    Fields,
    InputError,
    Sub,
    check_slug,
    check_text,
    max_length,
)
from .report import CREATED, UNCHANGED, UPDATED

FORMAT = "fulcrum-members"
KEY = "members"
TEXT_FIELDS = [
    "honorific", "family_name", "given_name", "native_name", "native_name_language",
    "position", "bio",
]  # fmt: skip
FIELDS = [
    "name", "slug", "honorific", "family_name", "given_name", "native_name",
    "native_name_language", "position", "country", "category", "bio", "is_active",
    "aliases", "links", "photo",
]  # fmt: skip
CSV_COLUMNS = [
    "name", "slug", "honorific", "family_name", "given_name", "native_name",
    "native_name_language", "position", "country", "category", "category_slug",
    "bio", "is_active", "aliases", "links", *images.columns("photo"),
]  # fmt: skip
# Japanese (and Chinese) names put the family name first, separated by an
# ideographic space: "青木　愛".
IDEOGRAPHIC_SPACE = "\u3000"


# --- Export -----------------------------------------------------------------


def export_queryset():
    return (
        Member.objects.order_by("pk")
        .select_related("category", "photo")
        .prefetch_related(
            Prefetch("aliases", queryset=MemberAlias.objects.order_by("pk")),
            Prefetch("links", queryset=MemberLink.objects.order_by("position", "pk")),
        )
        .iterator(chunk_size=500)
    )


def to_record(member):
    category = member.category
    return {
        "name": member.name,
        "slug": member.slug,
        "honorific": member.honorific,
        "family_name": member.family_name,
        "given_name": member.given_name,
        "native_name": member.native_name,
        "native_name_language": member.native_name_language,
        "position": member.position,
        "country": member.country.code or "",
        "category": {"name": category.name, "slug": category.slug}
        if category
        else None,
        "bio": member.bio,
        "is_active": member.is_active,
        "aliases": [alias.name for alias in member.aliases.all()],
        "links": [
            {"label": link.label, "url": link.url} for link in member.links.all()
        ],
        "photo": images.to_record(member.photo),
    }


def to_csv_row(record):
    row = {key: value for key, value in record.items() if key in CSV_COLUMNS}
    category = record["category"] or {}
    row["category"] = category.get("name", "")
    row["category_slug"] = category.get("slug", "")
    row["aliases"] = json.dumps(record["aliases"], ensure_ascii=False)
    row["links"] = json.dumps(record["links"], ensure_ascii=False)
    images.flatten(record["photo"], "photo", row)
    return row


def csv_to_record(row):
    record = {}
    for key in ("name", "honorific", "family_name", "given_name", "native_name"):
        if key in row:
            record[key] = row[key]
    for key in ("native_name_language", "position", "country", "bio", "is_active"):
        if key in row:
            record[key] = row[key]
    if row.get("slug", "").strip():
        record["slug"] = row["slug"]
    for key in ("aliases", "links"):
        if key in row:
            record[key] = row[key]
    if "category" in row:
        name = row["category"].strip()
        slug = row.get("category_slug", "").strip()
        record["category"] = {"name": name, "slug": slug} if name or slug else None
    images.unflatten(row, "photo", record, "photo")
    return record


# --- Import -----------------------------------------------------------------


@dataclass
class IncomingMember:
    location: object
    fields: dict
    category: object = MISSING
    aliases: object = MISSING
    links: object = MISSING
    photo: object = MISSING
    notes: list = field(default_factory=list)


def parse_record(record, location):
    f = Fields(record, location, FIELDS, Member)
    values = {"name": f.text("name", required=True, strip=True)}
    slug = f.text("slug", strip=True)
    if slug is not MISSING and slug:
        values["slug"] = check_slug(f, "slug", slug)
    for name in TEXT_FIELDS:
        value = f.text(name, strip=name != "bio")
        if value is not MISSING:
            values[name] = value
    country = f.text("country", None, strip=True)  # a code or a name
    if country is not MISSING:
        code = countries.alpha2(country) if country else ""
        if country and not code:
            raise f.error(
                "country",
                f"expected a two-letter country code such as JP or KR; found "
                f"“{country}”.",
            )
        values["country"] = code
    active = f.boolean("is_active")
    if active is not MISSING:
        values["is_active"] = active
    if (
        "family_name" not in record
        and "given_name" not in record
        and IDEOGRAPHIC_SPACE in values["name"]
    ):
        family, given = values["name"].split(IDEOGRAPHIC_SPACE, 1)
        values["family_name"], values["given_name"] = family.strip(), given.strip()
    incoming = IncomingMember(location, values)
    category = f.raw("category")
    if category is None or category is MISSING:
        incoming.category = category
    else:
        sub = Sub(category, location, ["name", "slug"], "category", MembershipCategory)
        name = sub.text("name", strip=True)
        slug = check_slug(sub, "slug", sub.text("slug", strip=True) or "")
        if not name and not slug:
            raise sub.error("name", "expected a category name or slug.")
        incoming.category = {"name": name or "", "slug": slug}
    aliases = f.json_list("aliases")
    if aliases is not MISSING:
        incoming.aliases = []
        for index, alias in enumerate(aliases):
            if not isinstance(alias, str) or not alias.strip():
                raise f.error(f"aliases[{index}]", "expected a name.")
            check_text(f, f"aliases[{index}]", alias, max_length(MemberAlias, "name"))
            incoming.aliases.append(alias.strip())
    links = f.json_list("links")
    if links is not MISSING:
        incoming.links = []
        for index, link in enumerate(links):
            if isinstance(link, str):
                # A hand-written cell: "Label https://..." or just the address.
                label, _, url = link.rpartition(" ")
                link = {"label": label.strip() or url, "url": url}
            sub = Sub(link, location, ["label", "url"], f"links[{index}]", MemberLink)
            incoming.links.append(
                (sub.text("label", required=True, strip=True), sub.url("url") or "")
            )
            if not incoming.links[-1][1]:
                raise sub.error("url", "expected a web address.")
    photo = f.raw("photo")
    if photo is None or photo is MISSING:
        incoming.photo = photo
    else:
        incoming.photo = images.parse(
            Sub(photo, location, images.FIELDS, "photo", Image)
        )
    return incoming


class MemberWriter:
    """Create or update members from records, reporting each."""

    def __init__(self, report):
        self.report = report
        self.by_slug = {}
        self.by_key = {}
        self.touched = {}
        for pk, slug, key in Member.objects.values_list("pk", "slug", "name_key"):
            self.by_slug[slug] = pk
            self.by_key.setdefault(key, set()).add(pk)
        for pk, key in MemberAlias.objects.values_list("member_id", "name_key"):
            self.by_key.setdefault(key, set()).add(pk)
        self.categories = {}
        for category in MembershipCategory.objects.all():
            self.categories[category.slug] = category
            self.categories.setdefault(fold(category.name), category)

    def find(self, incoming):
        values = incoming.fields
        slug = values.get("slug", "")
        if slug and slug in self.by_slug:
            return self.by_slug[slug], "slug"
        if slug:
            return None, ""  # A new slug is a new member, whatever the name.
        key = name_key(values["name"])
        found = self.by_key.get(key, set()) if key else set()
        if len(found) > 1:
            raise InputError(
                incoming.location,
                f"“{values['name']}” matches {len(found)} members; give the slug of "
                "the one to update.",
                "name",
            )
        return (next(iter(found)), "name") if found else (None, "")

    def write(self, incoming):
        location = incoming.location
        notes = list(incoming.notes)
        pk, how = self.find(incoming)
        if pk is not None and pk in self.touched:
            raise InputError(
                location,
                f"this duplicates {self.touched[pk].seen_from(location)} "
                f"(the same {how}); each member may appear once.",
            )
        values = dict(incoming.fields)
        if how == "name":
            # Another spelling of the stored name: keep it (a slug renames).
            del values["name"]
        if incoming.category not in (MISSING, None):
            values["category"] = self._category(incoming.category, notes)
        elif incoming.category is None:
            values["category"] = None
        photo = incoming.photo
        if photo not in (MISSING, None):
            photo = images.check_file(photo, notes, location, "photo.file")
        if pk is None:
            member = Member(**values)
            if photo not in (MISSING, None):
                member.photo = images.create(photo)
            member.save()
            outcome = CREATED
            changed = True
            old_key = None
        else:
            member = Member.objects.select_related("category", "photo").get(pk=pk)
            old_key = member.name_key
            changed = [k for k, v in values.items() if getattr(member, k) != v]
            for key in changed:
                setattr(member, key, values[key])
            if photo is not MISSING:
                member.photo, photo_changed = images.replace(
                    member.photo, photo, lambda: shared(member.photo, member)
                )
                changed += ["photo"] if photo_changed else []
            if changed:
                member.save()
        changed = self._aliases(member, incoming.aliases) or changed
        changed = self._links(member, incoming.links) or changed
        if pk is not None:
            outcome = UPDATED if changed else UNCHANGED
        self.by_slug[member.slug] = member.pk
        if old_key and old_key != member.name_key:
            self.by_key.get(old_key, set()).discard(member.pk)
        self.by_key.setdefault(member.name_key, set()).add(member.pk)
        self.touched[member.pk] = location
        self.report.add(outcome, location, member.name)
        if member.photo_id and not member.photo.file:
            notes.append("photo credit without its file: upload the photo")
        for note in notes:
            self.report.needs_attention(location, member.name, note)
        return outcome

    def _category(self, data, notes):
        category = self.categories.get(data["slug"]) or self.categories.get(
            fold(data["name"])
        )
        if category is None:
            name = data["name"] or data["slug"]
            category = MembershipCategory.objects.create(
                name=name, slug=data["slug"] or slug_for(name, "category")
            )
            self.categories[category.slug] = category
            self.categories[fold(category.name)] = category
            notes.append(f"new membership category “{name}” created")
        return category

    def _aliases(self, member, aliases):
        if aliases is MISSING:
            return False
        wanted = list({name_key(a): a for a in aliases}.values())
        current = [a.name for a in member.aliases.order_by("pk")]
        if current == wanted:
            return False
        member.aliases.all().delete()
        MemberAlias.objects.bulk_create(
            MemberAlias(member=member, name=name, name_key=name_key(name))
            for name in wanted
        )
        for name in wanted:
            self.by_key.setdefault(name_key(name), set()).add(member.pk)
        return True

    def _links(self, member, links):
        if links is MISSING:
            return False
        current = [(link.label, link.url) for link in member.links.order_by("position")]
        if current == links:
            return False
        member.links.all().delete()
        MemberLink.objects.bulk_create(
            MemberLink(member=member, label=label, url=url, position=position)
            for position, (label, url) in enumerate(links)
        )
        return True


def shared(image, member):
    return (
        image.commentaries.exists()
        or Member.objects.filter(photo=image).exclude(pk=member.pk).exists()
    )
