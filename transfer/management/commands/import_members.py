"""Import members from a fulcrum-members JSON or CSV file.

    manage.py import_members members.csv --dry-run

Records match existing members by slug, else by name or alias (spelled any
way), and update them in place; the rest are created. A CSV file needs only
a name column: columns it leaves out keep their stored values. The formats
are in docs/formats.md. Exit status: 0 success, 1 invalid input, 2 usage.
"""

from transfer.importing import members, runner


class Command(runner.RecordImportCommand):
    help = "Import members from a JSON or CSV file (see docs/formats.md)."
    records = members
    writer = members.MemberWriter
    required = ["name"]
    noun = "member"
