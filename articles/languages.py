"""The languages a piece may be written in (BCP 47 codes, named in their own script).

The list is short on purpose: the languages the network's members publish in.
Names are autonyms so a reader sees "Also in 日本語" in a script they can read.
Choices are a callable so adding a language needs no migration.
"""

from django.conf import settings

DEFAULT = "en"

LANGUAGES = [
    ("en", "English"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("zh-Hans", "简体中文"),
    ("zh-Hant", "繁體中文"),
    ("vi", "Tiếng Việt"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("th", "ไทย"),
    ("fil", "Filipino"),
    ("km", "ខ្មែរ"),
    ("mn", "Монгол"),
    ("hi", "हिन्दी"),
    ("ur", "اردو"),
    ("bn", "বাংলা"),
    ("ru", "Русский"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ar", "العربية"),
]
NAMES = dict(LANGUAGES)
# Languages written from right to left: their titles also need dir="rtl".
RTL = {"ur", "ar"}


def choices():
    return LANGUAGES


def name(code):
    """Return the language's own name ("日本語"), or the code if not listed."""
    return NAMES.get(code, code)


def page_language():
    """The language the public pages are written in (their <html lang>)."""
    return settings.LANGUAGE_CODE
