"""Operators' imports and exports: summary pages, commentaries and members.

sources.py    reading files: one encoding (UTF-8), size limits, located errors
report.py     the closing report, the progress bar and the error list
matching.py   finding what a record refers to: outlets, members, tags, pieces
summaries.py  the summary pages of the old site (.txt and saved .html)
records.py    the versioned JSON and CSV containers, streamed both ways
commentaries.py, members.py   one record of each kind, to and from the database
runner.py     what every import shares: dry run, atomicity, exit statuses

The formats are documented in docs/formats.md.
"""
