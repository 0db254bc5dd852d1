"""Demo content for `manage.py load_demo_content`: invented data and drawn images.

`content` holds the members, outlets and commentaries (every name and word is
fictional); `images` draws their pictures with Pillow, so no file is
downloaded or committed.
"""
