"""What an import tells the operator: progress, errors and the closing report."""

import time

from .sources import InputError

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
OUTCOMES = (CREATED, UPDATED, UNCHANGED)
# Errors listed before an import gives up looking for more.
MAX_ERRORS = 50


class ImportFailed(Exception):
    """The input is invalid: nothing was written. Carries every error found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(self.summary())

    def summary(self):
        count = len(self.errors)
        head = "1 error" if count == 1 else f"{count} errors"
        if count >= MAX_ERRORS:
            head = f"{count} errors (stopped looking after {MAX_ERRORS})"
        lines = [f"{head}; nothing was imported."]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)


class Report:
    """Outcomes of one import, each with where it came from, and errors found."""

    def __init__(self, noun="record", plural=None):
        self.noun = noun
        self.plural = plural or f"{noun}s"
        self.entries = {outcome: [] for outcome in OUTCOMES}
        self.attention = []
        self.errors = []
        self.refused = []  # (location, why): files not imported, and why
        self.unread = {}  # location of a file: [what could not be read]
        self.to_review = {}  # member name: [locations of the pages naming them]
        self.closing_counts = False  # end with the Counts line even when all is well

    def add(self, outcome, location, label):
        self.entries[outcome].append((location, label[:80]))

    def needs_attention(self, location, label, note):
        """Note something an editor should do; note may carry its own location."""
        if isinstance(note, tuple):
            location, note = note
        self.attention.append((location, label[:80], note))

    def refuse(self, location, why):
        """A file read but not imported (not a summary page...)."""
        self.refused.append((location, why))

    def could_not_read(self, location, what):
        """Part of a file the import could not read (see --strict)."""
        self.unread.setdefault(location, []).append(what)

    def member_to_review(self, name, location):
        """A page calls name an APLN member; they are not on the roster."""
        pages = self.to_review.setdefault(name, [])
        if location not in pages:
            pages.append(location)

    def error(self, error):
        """Record an InputError; give up once there are MAX_ERRORS of them."""
        self.errors.append(error)
        if len(self.errors) >= MAX_ERRORS:
            raise ImportFailed(self.errors)

    def check(self):
        """Raise ImportFailed if any error was recorded."""
        if self.errors:
            raise ImportFailed(self.errors)

    def count(self, outcome):
        return len(self.entries[outcome])

    @property
    def total(self):
        return sum(len(entries) for entries in self.entries.values())

    def lines(self, verbosity=1, dry_run=False):
        """Return the closing report: counts, then each piece with its location.

        Unchanged pieces are listed at verbosity 2 or more; the rest always.
        """
        counts = ", ".join(f"{self.count(o)} {o}" for o in OUTCOMES)
        verb = "Would import" if dry_run else "Imported"
        lines = [
            f"{verb} {self.total} {self.noun if self.total == 1 else self.plural}: "
            f"{counts}, "
            f"{len(self.attention)} needing attention."
        ]
        for outcome in OUTCOMES:
            if outcome == UNCHANGED and verbosity < 2:
                continue
            entries = self.entries[outcome]
            if entries:
                lines.append(f"{outcome.capitalize()}:")
                lines += [f"  {where}  {label}" for where, label in entries]
        if self.attention:
            lines.append("Needing attention:")
            lines += [
                f"  {where}  {label}: {note}" for where, label, note in self.attention
            ]
        if self.refused:
            lines.append("Not imported:")
            lines += [f"  {where}  {why}" for where, why in self.refused]
        if self.unread:
            lines.append("Could not read:")
            for where, whats in self.unread.items():
                lines += [f"  {where}  {what}" for what in whats]
        if self.to_review:
            lines.append("Members to review (confirm them in the admin):")
            for name, pages in self.to_review.items():
                count = "1 page" if len(pages) == 1 else f"{len(pages)} pages"
                shown = ", ".join(str(page) for page in pages[:5])
                more = ", ..." if len(pages) > 5 else ""
                lines.append(
                    f"  {name}: called an APLN member on {count}, not on the "
                    f"roster ({shown}{more})"
                )
        if self.refused or self.unread or self.to_review or self.closing_counts:
            lines.append(
                f"Counts: {plural(self.total + len(self.refused), 'file')} read, "
                f"{self.total} imported, {len(self.refused)} not imported, "
                f"{len(self.unread)} with parts not read, "
                f"{len(self.to_review)} member{'' if len(self.to_review) == 1 else 's'}"
                " to review."
            )
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return lines


def plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    WIDTH = 30

    def __init__(self, stream, label, total=None, unit="records"):
        self.stream = stream
        self.enabled = bool(stream is not None and stream.isatty())
        self.label = label
        self.total = total
        self.unit = unit
        self.drawn_at = 0.0

    def update(self, done, items, force=False):
        """Show done out of total (bytes or files) and the items handled."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.drawn_at < 0.1:
            return
        self.drawn_at = now
        if self.total:
            share = min(1.0, done / self.total)
            filled = int(share * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            text = f"\r{self.label} [{bar}] {share:4.0%} {items:,} {self.unit}"
        else:
            text = f"\r{self.label} {items:,} {self.unit}"
        self.stream.write(text, ending="")
        self.stream.flush()

    def finish(self, done, items):
        if self.enabled:
            self.update(done, items, force=True)
            self.stream.write("")


__all__ = ["ImportFailed", "InputError", "Progress", "Report"]
