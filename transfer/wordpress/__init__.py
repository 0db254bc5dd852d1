"""Moving a WordPress site into Fulcrum: `manage.py import_wordpress`.

parser.py     reading a WXR export (1.0, 1.1, 1.2), streamed, safe against
              XML attacks, into plain dataclasses (no database access)
content.py    a post's HTML to a summary: paragraphs, shortcodes, the
              full-article link and the image credit line
importer.py   posts to commentaries, authors to authorships, terms to tags,
              featured images to Images, old permalinks to redirects

The mapping, field by field, is in importer.py's docstring.
"""
