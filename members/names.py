"""Name handling shared by members and imports: match keys.

APLN names arrive in many shapes: with or without diacritics ("Hoang Thi Ha"
is Hoàng Thị Hà), family name first or last ("Moon Chung-in" is "Chung-in
Moon"), surnames in capitals, honorifics. `name_key` folds all of these to one
key. Slugs live in core.slugs.
"""

import functools
import re
import unicodedata

from anyascii import anyascii

from core.slugs import is_latin

# The length of Member.name_key and MemberAlias.name_key.
KEY_LENGTH = 300

# Honorifics and titles that are not part of a person's name.
HONORIFICS = {
    "amb", "ambassador", "dr", "prof", "professor", "he", "hon", "mr", "mrs",
    "ms", "sir", "dame", "gen", "general", "adm", "admiral", "rev", "lt",
    "col", "maj", "excellency", "his", "her", "the", "rt", "honourable",
    "honorable", "ret", "retd", "former", "prime", "minister", "governor",
    "senator", "president", "chair", "chairman",
}  # fmt: skip
# Letters after a name ("Gareth Evans AC QC"): ignored when written in capitals.
POSTNOMINALS = {
    "AC", "AO", "AM", "OAM", "QC", "KC", "SC", "KBE", "OBE", "CBE", "MBE",
    "GCMG", "KCMG", "CMG", "FRS", "PHD", "MP", "PSM", "DSC", "FAIIA", "FASSA",
}  # fmt: skip


def is_postnominal(word):
    letters = word.strip(",.()")
    return letters.isupper() and letters in POSTNOMINALS


# Imports ask for the keys of the same few hundred names once per piece.
@functools.lru_cache(maxsize=4096)
def name_key(name):
    """Return a key equal for every spelling of one person's name.

    Case, diacritics, punctuation, honorifics and word order are ignored, so
    "H.E. Dr. Moon Chung-in", "Chung-in MOON", "Moon Chung In" and "Former
    Prime Minister Moon Chung-in AC" match. Post-nominals count only in
    capitals after the first word ("Am" may be a name). Names in other scripts keep their letters (no reading is guessed).
    """
    text = unicodedata.normalize("NFKC", name or "")
    words = text.split()
    text = " ".join(words[:1] + [w for w in words[1:] if not is_postnominal(w)])
    if is_latin(text):
        text = anyascii(text)
    # "H.E." is one word (he), as is "C." (c); hyphens join given names.
    text = text.casefold().replace(".", "").replace("-", " ")
    words = [w for w in re.split(r"[\W_]+", text) if w]
    words = [w for w in words if w not in HONORIFICS] or words
    # Transliteration can make a key longer than its name (one symbol may
    # spell out as a word): keys are cut to what the column holds, the same
    # way for stored keys and for the names looked up.
    return " ".join(sorted(words))[:KEY_LENGTH]


@functools.lru_cache(maxsize=4096)
def loose_keys(name):
    """Return the keys of name with hyphens ignored as well as spaces (a
    frozenset).

    "Kim Ji-ho", "Kim Ji ho" and "Kim Jiho" differ in name_key (a hyphen
    splits words, so "Moon Chung In" is "Chung-in Moon"); here each pair of
    neighbouring words may also be one word, so all three share a key.
    """
    key = name_key(name)
    if not key:
        return frozenset()
    text = unicodedata.normalize("NFKC", name)
    if is_latin(text):
        text = anyascii(text)
    words = [
        w
        for w in re.split(r"[\W_]+", text.casefold().replace(".", "").replace("-", " "))
        if w and w not in HONORIFICS
    ]
    kept = set(key.split())  # post-nominals and titles are gone from the key
    words = [w for w in words if w in kept]
    keys = {key}
    for index in range(len(words) - 1):
        joined = [*words[:index], words[index] + words[index + 1], *words[index + 2 :]]
        keys.add(" ".join(sorted(joined))[:KEY_LENGTH])
    return frozenset(keys)


def same_person(a, b):
    """Return True if two spellings name one person (see name_key, loose_keys)."""
    return bool(loose_keys(a) & loose_keys(b))
