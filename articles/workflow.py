"""The editorial workflow's rules: what a piece needs before it is published.

One function, used by the admin form and its authors inline, the publishing
actions, and imports that publish (`publish_problems`).

It reads the piece it is given and imports nothing of the models, which
call it from Commentary.clean().
"""

# Kinds whose page may stand without a link to a full article: a speech is
# often given with no published text, and a statement endorsement is shown
# on our page in full. Every other kind summarises a piece published
# elsewhere, so it needs the link. (Values of Commentary.Kind.)
KINDS_WITHOUT_LINK = frozenset({"speech", "statement"})


def needs_link(kind):
    """Return True if a piece of this kind must link to its full article."""
    return kind not in KINDS_WITHOUT_LINK


def problems_by_field(commentary, authors=None):
    """Return why commentary may not be published, as {field: [messages]}.

    `authors` is how many authors the piece will have: None counts the saved
    ones, False skips the check (the model's clean() cannot see the inline).
    The fields are "authors", "full_article_url" and "image".
    """
    problems = {}
    if authors is None:
        authors = commentary.authorships.count() if commentary.pk else 0
    if authors is not False and authors == 0:
        problems["authors"] = ["Add at least one author."]
    if needs_link(commentary.kind) and not commentary.full_article_url.strip():
        problems["full_article_url"] = [
            f"Add the full article's URL (only a {kind_list(commentary)} may go "
            "without)."
        ]
    image = commentary.image if commentary.image_id else None
    if image is not None:
        messages = []
        if not image.file:
            messages.append("The image is waiting for its file: upload it first.")
        if not image.credit.strip():
            messages.append("Give the image a credit.")
        if not image.is_decorative and not image.alt_text.strip():
            messages.append(
                "Describe the image in its alt text, or mark it as decorative."
            )
        if messages:
            problems["image"] = messages
    return problems


def publish_problems(commentary, authors=None):
    """Return the reasons commentary may not be published; [] when it may."""
    return [
        message
        for messages in problems_by_field(commentary, authors).values()
        for message in messages
    ]


def kind_list(commentary):
    labels = [
        type(commentary).Kind(kind).label.lower() for kind in sorted(KINDS_WITHOUT_LINK)
    ]
    return " or ".join(labels)
