"""Reading a summary page's lede: who wrote the piece, in what role, where, when.

The old site's ledes take any verb, tense or voice ("argues", "wrote", "was
interviewed by", "joined a panel of", none at all), so no list of verbs is
consulted. The lede is read by its shape instead:

    [date or context clause,] APLN <role words> <Name>[, <appositive>,]
        [and <role words> <Name>...] <anything in lower case...>
        [co-writes ... with <Name>, <Name> and <Name>] [for|in <Outlet>]

- Role words ("member", "Board member and Professor", "Vice-Chair",
  "Chair and former Foreign Minister"), honorifics ("Dr", "General (ret.)")
  and post-nominals ("AC", "KBE") are never part of a name: the role goes on
  the authorship, the honorific on a new member.
- A name is a run of capitalised words (with "da", "van", "bin"... between
  them) that ends where a lower-case word, a comma or "and" begins; words
  that name an organisation, a place or an office are never a person.
- An appositive after a name (", Director of the Centre for Peace Studies
  at Hiroshima University,") is that author's affiliation on this piece.
- Outside co-authors come only from "co-<verb> ... with <names>" (or
  "together/jointly with"); any other "with" is part of the sentence.
"""

import datetime
import re
from dataclasses import dataclass, field

from django_countries import countries

from .commentaries import AuthorIn

# Words of a role or office, in any case ("Board member", "Vice-Chair").
ROLE_WORDS = {
    "member", "members", "board", "senior", "research", "researcher", "adviser",
    "advisers", "advisor", "advisors", "fellow", "fellows", "vice", "chair",
    "vice-chair", "co-chair", "chairman", "chairperson", "chairs", "convenor",
    "co-convenor", "convener", "co-convener", "convenors", "executive",
    "director", "director-general", "founding", "founder", "co-founder",
    "former", "emerging", "voices", "network", "international", "advisory",
    "staff", "president", "vice-president", "deputy", "secretary",
    "secretary-general", "under-secretary-general", "foreign", "defence",
    "defense", "minister", "ministers", "prime", "affairs", "programme",
    "program", "manager", "officer", "associate", "non-resident", "nonresident",
    "visiting", "honorary", "distinguished", "policy", "special", "envoy",
    "co-chairs", "leadership", "council", "governor", "mayor", "senator",
    "commissioner", "chief", "head", "ambassador-at-large", "representative",
    "permanent", "high", "state", "national", "security", "retired", "ret",
    "chancellor", "vice-chancellor", "speaker", "lawmaker", "legislator",
    "diplomat", "veteran", "general", "admiral", "lieutenant", "commander",
    "justice", "judge", "trade", "finance", "unification", "economy",
    "emeritus", "assistant", "adjunct", "lecturer", "scholar", "expert",
    "analyst", "editor", "journalist", "correspondent", "co-director",
    "coordinator", "co-ordinator", "intern", "treasurer", "patron",
    "convening", "steering", "committee", "group", "executive-director",
}  # fmt: skip
# Small words that join role words: "Minister of Foreign Affairs", "Chair and".
ROLE_JOINERS = {"of", "for", "and", "the", "a", "an", "&"}
HONORIFICS = {
    "h.e.", "he", "dr.", "dr", "prof.", "prof", "professor", "amb.", "amb",
    "ambassador", "mr.", "mr", "ms.", "ms", "mrs.", "mrs", "sir", "dame",
    "hon.", "hon", "rev.", "rev", "gen.", "gen", "general", "adm.", "adm",
    "admiral", "lt.", "col.", "maj.", "excellency", "his", "her", "lord",
    "baroness", "senator", "the", "rt.", "rt", "honourable", "honorable",
    "lt", "col", "maj", "capt.", "capt", "brig.", "brigadier", "air", "marshal",
    "vice", "rear", "colonel", "major", "captain", "lieutenant", "emeritus",
}  # fmt: skip
# Letters after a name: never part of it.
POSTNOMINALS = {
    "ac", "ao", "am", "oam", "qc", "kc", "sc", "kbe", "obe", "cbe", "mbe",
    "gcmg", "kcmg", "cmg", "frs", "phd", "ph.d.", "mp", "jr.", "jr", "sr.",
    "(ret.)", "(ret)", "retd", "(retd)", "(retd.)", "ret.", "rtd", "psm", "dsc",
}  # fmt: skip
# Words that make a run of capitals an organisation, a publication or an
# event, never a person.
ORGANISATION_WORDS = {
    "university", "universities", "centre", "center", "institute", "institution",
    "foundation", "council", "ministry", "forum", "network", "association",
    "society", "agency", "commission", "committee", "department", "government",
    "organisation", "organization", "group", "school", "college", "academy",
    "times", "post", "daily", "news", "journal", "review", "press", "bank",
    "corporation", "company", "abolition", "nuclear", "peace", "studies",
    "security", "research", "policy", "united", "nations", "programme",
    "program", "project", "initiative", "office", "party", "parliament",
    "assembly", "embassy", "union", "league", "club", "herald", "tribune",
    "magazine", "radio", "television", "tv", "broadcasting", "service",
    "conference", "summit", "dialogue", "treaty", "weapons", "disarmament",
    "leadership", "apln", "asia-pacific", "shimbun", "insider", "diplomat",
    "fund", "trust", "laboratory", "lab", "library", "museum", "court",
    "alliance", "coalition", "campaign", "movement", "federation", "board",
    "secretariat", "mission", "delegation", "panel", "webinar", "symposium",
    "workshop", "seminar", "roundtable", "session", "plenum", "congress",
    "senate", "house", "cabinet", "navy", "army", "forces", "command",
    "international", "global", "regional", "national", "world", "asia",
    "pacific", "european", "east", "west", "south", "north", "southeast",
    "northeast", "region", "state", "states", "republic", "kingdom", "city",
    "province", "prefecture", "island", "islands", "report", "article",
    "commentary", "statement", "letter", "book", "podcast", "interview",
}  # fmt: skip
# Joiners inside a name: "Dionisio Da Costa", "Ludwig van Beethoven".
PARTICLES = {
    "da", "de", "del", "della", "der", "di", "do", "dos", "das", "du", "van",
    "von", "bin", "binti", "bint", "al", "el", "la", "le", "ter", "ten", "y",
    "e", "ibn", "ap", "mac", "st.",
}  # fmt: skip
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"),
            ("april", "apr"), ("may",), ("june", "jun"), ("july", "jul"),
            ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
            ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
COUNTRY_NAMES = {name.casefold() for _, name in countries} | {
    "korea", "south korea", "north korea", "russia", "iran", "vietnam", "laos",
    "taiwan", "the united states", "the us", "the uk", "britain", "america",
    "europe", "asia", "seoul", "tokyo", "beijing", "canberra", "new delhi",
    "delhi", "jakarta", "manila", "hanoi", "bangkok", "singapore", "washington",
    "new york", "geneva", "vienna", "hiroshima", "nagasaki", "pyongyang",
    "islamabad", "moscow", "london", "paris", "kuala lumpur", "wellington",
}  # fmt: skip
STAFF_ROLES = re.compile(
    r"\b(executive director|director|staff|intern|officer|manager|coordinator|"
    r"assistant|researcher)\b",
    re.IGNORECASE,
)
KINDS = [
    (r"\b(commentary|op-ed|opinion piece|editorial)\b", "commentary"),
    (r"\binterview|\b(spoke|speaks|talks?|talked) (to|with)\b", "interview"),
    (r"\bpodcast", "podcast"),
    (r"\bopen letter", "open_letter"),
    (r"\b(endorse|statement)", "statement"),
    (
        r"\b(speech|remarks|keynote|address(?:ed|es)?|lecture|delivers?|delivered|panel|"
        r"webinar|symposium|conference|roundtable|spoke at|speaks at|presented)\b",
        "speech",
    ),
    (r"\bbook\b", "book"),
    (r"\breport\b", "report"),
    (r"\bcolumn\b", "column"),
    (r"\b(journal article|article|paper|chapter|essay)\b", "article"),
    (r"\b(quoted|cited)\b", "quote"),
]
# The clause that says what the piece is about ends the search for its kind:
# "argued that the report..." is not a report.
ABOUT = re.compile(r"\b(?:that|how|why|whether|about|regarding|titled|entitled)\b")
APLN = re.compile(
    r"(?:\b[Tt]he\s+)?(?:Asia[- ]Pacific Leadership Network\s*(?:\(APLN\))?|"
    r"\bAPLN)(?:['’]s)?(?=[\s,]|$)"
)
CO_WITH = re.compile(
    r"\b(?:co-?[a-z]+|together|jointly|alongside)\b[^.;]*?\bwith\s+", re.IGNORECASE
)
# Words after which "in <Outlet>" names where the piece appeared.
PUBLISHED_IN = re.compile(
    r"\b(?:published|publishes|publish|quoted|cited|featured|appeared|appears|"
    r"writes|wrote|written|writing|article|commentary|op-ed|column|piece|essay|"
    r"interview|interviewed|appearing|op-eds|articles|commentaries|argues|"
    r"argued|writes?\s+an?\s+\w+)\s+in\s+$",
    re.IGNORECASE,
)
# A predicate about writing: its closing "in <Outlet>" names the outlet.
WRITES = re.compile(
    r"\s*(?:co-?)?(?:writes|wrote|has written|argues|argued|reflects|reflected|"
    r"explains|explained|examines|examined|publishes|published)\b",
    re.IGNORECASE,
)
# Words after which "for <Outlet>" names where the piece appeared.
WRITTEN_FOR = re.compile(
    r"\b(?:writes?|wrote|written|writing|co-?writes?|co-?wrote|co-?written|"
    r"commentary|commentaries|op-eds?|column|columns|article|articles|piece|"
    r"essay|interview|interviewed|report|podcast|analysis|chapter|paper|blog|"
    r"contribution|editorial|explainer|review|feature|episode|spoke|speaks|"
    r"appeared|appears|quoted|co-?authors?|co-?authored|published)\s+$",
    re.IGNORECASE,
)
PROPER = r"[A-Z0-9][\w’'&.-]*(?:\s+(?:(?:of|and|the|&|for)\s+)*[A-Z0-9][\w’'&.-]*)*"
# Page furniture of the old site: never an outlet.
SECTION_LABELS = {
    "member activities", "media mentions", "news", "commentary", "commentaries",
    "op-eds", "publications", "in the media", "press", "latest news",
    "news & updates", "activities", "member news", "apln", "media",
}  # fmt: skip


@dataclass
class Lede:
    """What a lede says: ordered authors, kind, outlet, date, and doubts."""

    authors: list = field(default_factory=list)
    kind: str = "commentary"
    outlet: str = ""
    date: datetime.date | None = None
    precision: str = ""
    notes: list = field(default_factory=list)
    # Words read as an author's name that name no person: never credited.
    not_people: list = field(default_factory=list)
    introduced: bool = False  # "APLN ..." named someone


def key(word):
    return word.casefold().strip(",;:")


def is_capitalised(word):
    first = word.lstrip("“\"‘'(")[:1]
    return bool(first) and (
        first.isupper() or (first.isalpha() and not first.islower())
    )


def is_country(text):
    return text.casefold().strip() in COUNTRY_NAMES


# Capitalised words that open sentences, never names: "A new report...".
SENTENCE_WORDS = {
    "a", "an", "this", "these", "that", "those", "in", "on", "it", "its", "he",
    "she", "they", "we", "our", "his", "her", "their", "at", "as", "after",
    "before", "while", "with", "from", "following", "according", "despite",
    "since", "when", "what", "why", "how", "there", "here", "all", "both",
    "many", "some", "most", "one", "two", "three", "new", "last", "today",
    "yesterday", "recently", "earlier", "later", "meanwhile", "however",
}  # fmt: skip


def is_person_name(name):
    """Return True if name can be a person's: no organisation or place words."""
    parts = [key(w).strip("()") for w in name.split()]
    if not parts or any(p in ORGANISATION_WORDS for p in parts):
        return False
    if is_country(name) or key(name) in MONTHS or key(name) in SECTION_LABELS:
        return False
    if (
        any(p in ("of", "for", "at", "the") for p in parts)
        or parts[0] in SENTENCE_WORDS
    ):
        return False
    return all(any(ch.isalpha() for ch in p) for p in parts)


class Reader:
    """Walk the words of a lede, reading roles, honorifics and names."""

    def __init__(self, words):
        self.words = words
        self.at = 0

    def peek(self, ahead=0):
        index = self.at + ahead
        return self.words[index] if index < len(self.words) else ""

    def done(self):
        return self.at >= len(self.words)

    def roles(self):
        """Read role words and honorifics: return (role, honorific, says APLN)."""
        role, honorific, apln = [], [], False
        while not self.done():
            word = self.peek()
            bare = key(word)
            following = self.peek(1)
            nxt = key(following)
            if bare in ("apln", "apln's", "apln’s"):
                apln = True
                self.at += 1
                continue
            if bare in ROLE_JOINERS and (role or apln):
                if nxt in ROLE_WORDS or nxt in ("apln", "former"):
                    role.append(word)
                    self.at += 1
                    continue
                if nxt in HONORIFICS and is_capitalised(following):
                    self.at += 1  # "Board member and Professor X"
                    continue
                if is_country(following.strip(",")):
                    # "Minister of Foreign Affairs of Mongolia": the country too.
                    role += [word, following.strip(",")]
                    self.at += 2
                    continue
                break
            if (bare in HONORIFICS and is_capitalised(word)) or bare == "h.e.":
                if bare == "the" and nxt not in HONORIFICS:
                    break
                honorific.append(word.strip(","))
                self.at += 1
                if nxt in ("(ret.)", "(ret)", "(retd)", "(retd.)"):
                    honorific.append(following)
                    self.at += 1
                continue
            if bare in ROLE_WORDS:
                if honorific:
                    # "Vice Chair", "General Secretary": honorific words of a role.
                    role += honorific
                    honorific = []
                role.append(word.strip(","))
                self.at += 1
                continue
            if (
                is_capitalised(word)
                and nxt in ROLE_WORDS
                and bare not in PARTICLES
                and not word.endswith(",")
                and (role or honorific or apln or not self.at)
            ):
                # "former Australian Foreign Minister": a word of the office.
                role.append(word)
                self.at += 1
                continue
            break
        return " ".join(role), " ".join(honorific), apln

    def name(self):
        """Read a name (capitalised words, initials, particles); return it and
        the punctuation that ended it ("," or "")."""
        taken = []
        while not self.done():
            word = self.peek()
            bare = key(word)
            clean = word.rstrip(",;:")
            stop = word[len(clean) :][:1]
            if (
                bare in POSTNOMINALS
                and taken
                and (clean.isupper() or bare.startswith("(") or "." in bare)
            ):
                self.at += 1  # "Gareth Evans AC": the letters are no part of it
                if stop:
                    return " ".join(taken), stop
                continue
            if bare in PARTICLES and taken and self.particles_then_name():
                taken.append(clean)
                self.at += 1
                continue
            if not is_capitalised(word) or clean.startswith(("(", "“", '"', "‘")):
                break
            if any(ch.isdigit() for ch in clean):
                break
            possessive = re.search(r"['’]s$", clean)
            taken.append(clean[: possessive.start()] if possessive else clean)
            self.at += 1
            if stop or possessive:
                return " ".join(taken), stop
        return " ".join(taken), ""

    def particles_then_name(self):
        """Do particles ("van der") lead to a capitalised word of the name?"""
        ahead = 1
        while key(self.peek(ahead)) in PARTICLES:
            ahead += 1
        return is_capitalised(self.peek(ahead))

    def appositive(self):
        """After "Name,": read ", Director of X at Y," as text, or return ""."""
        start = self.at
        first = self.peek()
        bare = key(first)
        if not first:
            return ""
        opens = (
            not is_capitalised(first)
            or bare in ROLE_WORDS
            or bare in HONORIFICS
            or bare in ("a", "an", "the", "who", "now", "then", "currently")
        )
        if not opens or bare in ("and", "&", "apln"):
            return ""
        taken = []
        while not self.done():
            word = self.peek()
            self.at += 1
            taken.append(word)
            if word.endswith(","):
                break
        if not taken[-1].endswith(","):
            # No closing comma: the appositive runs into the predicate, so it
            # was the rest of the sentence ("X, who argues...").
            self.at = start
            return ""
        while True:
            # "Director of RECNA, Nagasaki University,": a place or an
            # institution after a comma still belongs to the appositive.
            chunk = self.chunk()
            if (
                not chunk
                or key(chunk[0]) in ("and", "&")
                or is_person_name(" ".join(chunk).rstrip(","))
            ):
                break
            taken += chunk
            self.at += len(chunk)
        text = " ".join(taken).rstrip(",")
        return re.sub(r"^who\s+(?:is|was)\s+", "", text)

    def chunk(self):
        """Return the words from here to the next one ending in a comma."""
        words = []
        for word in self.words[self.at :]:
            words.append(word)
            if word.endswith(","):
                return words
        return []


def people(reader, members, unknown="outside"):
    """Read "A, B and C" (each with their own roles); return [AuthorIn], not people.

    members: the list is introduced as APLN members ("APLN members A and B").
    unknown: the mode of people neither introduced as members nor as staff:
    "outside" (co-authors after "with"), or "auto" (a lede without "APLN":
    matched to the roster when there, never created).
    """
    authors, not_people, with_others = [], [], []
    plural = False
    while not reader.done():
        own_role, honorific, apln = reader.roles()
        if not authors:
            plural = bool(re.search(r"\bmembers\b", own_role, re.IGNORECASE))
        name, stop = reader.name()
        if not name:
            break
        if not is_person_name(name):
            # Say what the words were: "Center for ... at Nagasaki University".
            more, stop = read_affiliation(reader) if not stop else ("", stop)
            not_people.append(f"{name} {more}".strip())
            if stop == "," and key(reader.peek()) not in ("and", "&"):
                continue
            break
        author = AuthorIn(
            name=name,
            mode=mode_of(authors, own_role, apln, members, plural, unknown),
            role=clean_role(own_role),
            honorific=honorific,
        )
        if reader.peek().startswith("("):
            # "Marty Natalegawa (Indonesia)": a note on the person, not a name.
            while not reader.done() and not reader.peek().rstrip(",;").endswith(")"):
                reader.at += 1
            closing = reader.peek()
            reader.at += 1
            stop = closing[-1] if closing[-1] in ",;" else ""
        if reader.peek() == "of" and (
            is_capitalised(reader.peek(1)) or key(reader.peek(1)) == "the"
        ):
            # "Andrew Futter of the University of Leicester".
            reader.at += 1
            author.affiliation, stop = read_affiliation(reader)
        authors.append(author)
        if stop == ",":
            appositive = reader.appositive()
            joined = TOGETHER_WITH.match(appositive)
            if joined:
                # "X and Y, together with Z, co-write": Z is a co-author.
                others, more_not = people(
                    Reader(appositive[joined.end() :].split()), False
                )
                with_others += others
                not_people += more_not
            elif appositive:
                author.affiliation = appositive
            if key(reader.peek()) in ("and", "&") and starts_person(reader, 1):
                reader.at += 1
                continue
            if appositive:
                break
            if starts_person(reader, 0):
                continue
            break
        if key(reader.peek()) in ("and", "&") and starts_person(reader, 1):
            reader.at += 1
            continue
        break
    return authors + with_others, not_people


TOGETHER_WITH = re.compile(
    r"^(?:together\s+with|along\s+with|jointly\s+with|with|alongside)\s+"
)


def mode_of(before, role, apln, members, plural, unknown):
    """Return member, outside (staff, co-authors) or auto (see people)."""
    if is_member(before, role, apln, members, plural):
        return "member"
    if role and STAFF_ROLES.search(role):
        return "outside"
    return unknown


def is_member(before, role, apln, members, plural):
    """Is this person introduced as an APLN member (not staff, not outside)?"""
    if role and STAFF_ROLES.search(role) and not re.search(r"\bmember", role, re.I):
        return False
    if not before:
        return members or apln
    if apln or re.search(r"\bmembers?\b", role, re.IGNORECASE):
        return True
    return members and plural and not role


def read_affiliation(reader):
    """Read capitalised words (with of/the/for between) as an institution."""
    taken = []
    while not reader.done():
        word = reader.peek()
        if is_capitalised(word) or key(word) in ("of", "the", "for", "and", "&", "at"):
            if key(word) == "and" and not is_capitalised(reader.peek(1)):
                break
            taken.append(word.rstrip(",;"))
            reader.at += 1
            if word.endswith((",", ";")):
                return " ".join(taken), word[-1]
            continue
        break
    while taken and key(taken[-1]) in ROLE_JOINERS | {"at"}:
        reader.at -= 1
        taken.pop()
    return " ".join(taken), ""


def starts_person(reader, ahead):
    """Does a person (with roles) begin `ahead` words on? ("and Director X")."""
    word = reader.peek(ahead)
    bare = key(word)
    if not word:
        return False
    return is_capitalised(word) or bare in ROLE_WORDS or bare in ("fellow", "apln")


def clean_role(role):
    """Return the role worth storing: "board member", not a bare "member"."""
    role = re.sub(r"\bmembers\b", "member", role.strip(" ,"))
    role = re.sub(r"^(?:the\s+)", "", role, flags=re.IGNORECASE)
    role = re.sub(r"^member\s+(?:and\s+)?(?=\S)", "", role)
    if role.lower() in ("", "member", "fellow member"):
        return ""
    # Role words keep the page's capitals, but a lone "Member" reads as one.
    return role


# --- Dates and context clauses ----------------------------------------------

DAY_MONTH = re.compile(
    r"^(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?\s+"
    r"(?P<m1>[a-z]+)|"
    r"(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)"
    r"(?:,?\s+(?P<y>\d{4}))?$",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(
    r"^(?:in|during|throughout|early|late|mid|in\s+(?:early|late|mid)-?)?\s*"
    r"(?P<m>[a-z]+)(?:,?\s+(?P<y>\d{4}))?$",
    re.IGNORECASE,
)
YEAR_ONLY = re.compile(r"^(?:in|during|throughout)?\s*(?P<y>\d{4})$", re.IGNORECASE)


def read_date(clause, posted=None, year=None):
    """Return (date, precision, note) of a leading "On 8 March" clause."""
    text = clause.strip(" ,")
    match = DAY_MONTH.match(text)
    if match and MONTHS.get((match["m1"] or match["m2"]).casefold().rstrip(".")):
        month = MONTHS[(match["m1"] or match["m2"]).casefold().rstrip(".")]
        day = int(match["d1"] or match["d2"])
        return dated(match["y"], month, day, "day", text, posted, year)
    match = MONTH_YEAR.match(text)
    if match and match["m"].casefold() in MONTHS:
        month = MONTHS[match["m"].casefold()]
        return dated(match["y"], month, 1, "month", text, posted, year)
    match = YEAR_ONLY.match(text)
    if match:
        return datetime.date(int(match["y"]), 1, 1), "year", ""
    return None, "", ""


def dated(written, month, day, precision, text, posted, year):
    if written:
        chosen = int(written)
    elif posted is not None:
        chosen = posted.year
        if (month, day if precision == "day" else 1) > (posted.month, posted.day):
            # "On 28 December" on a page posted in January: the year before.
            chosen -= 1
    elif year:
        chosen = int(year)
    else:
        return (
            None,
            "",
            f"the lede's date “{text}” has no year: give one with --year",
        )
    try:
        return datetime.date(chosen, month, day), precision, ""
    except ValueError:
        return None, "", f"the lede's date “{text}” is not a date"


CONTEXT_OUTLET = re.compile(
    rf"^(?i:in|during)\s+(?i:an?|his|her|their|the)\s+(?:[a-z-]+\s+){{0,2}}"
    rf"(?P<kind>interview|op-ed|commentary|article|"
    rf"column|podcast|essay|opinion piece|piece|speech|episode)\s+(?:with|for|in|"
    rf"on|published\s+(?:by|in))\s+(?:the\s+)?(?P<outlet>{PROPER})$|"
    rf"^(?i:writing)\s+(?:for|in)\s+(?:the\s+)?(?P<outlet2>{PROPER})$|"
    rf"^(?i:speaking|talking)\s+(?:to|with)\s+(?:the\s+)?(?P<outlet4>{PROPER})$|"
    rf"^(?i:in|for)\s+(?:the\s+)?(?P<outlet3>{PROPER})$",
)


def read_context(clause, lede, posted=None, year=None):
    """Read a leading clause for a date, an outlet and a kind."""
    for part in re.split(r",\s*", clause.strip(" ,")):
        if not part:
            continue
        date, precision, note = read_date(part, posted, year)
        if date or note:
            lede.date, lede.precision = date, precision
            if note:
                lede.notes.append(note)
            continue
        match = CONTEXT_OUTLET.match(part)
        if match:
            outlet = (
                match["outlet"]
                or match["outlet2"]
                or match["outlet3"]
                or match["outlet4"]
            )
            if match["outlet4"]:
                lede.kind = "interview"
            if outlet and not is_country(outlet) and key(outlet) not in MONTHS:
                lede.outlet = outlet
            if match["kind"]:
                lede.kind = kind_of(match["kind"]) or lede.kind


# --- The lede ---------------------------------------------------------------


def kind_of(predicate):
    """Return the kind whose word comes first, before what it is about."""
    about = ABOUT.search(predicate)
    if about:
        predicate = predicate[: about.start()]
    found = []
    for pattern, name in KINDS:
        match = re.search(pattern, predicate, re.IGNORECASE)
        if match:
            found.append((match.start(), name))
    return min(found)[1] if found else ""


def outlet_in(predicate):
    """Return the outlet of "for <Outlet>" or "published in <Outlet>", or ""."""
    about = ABOUT.search(predicate)
    head = predicate[: about.start()] if about else predicate
    for match in re.finditer(rf"\b(for|in)\s+(?:the\s+)?(?P<outlet>{PROPER})", head):
        outlet = trim_outlet(match["outlet"])
        if not outlet or is_country(outlet) or key(outlet.split()[0]) in MONTHS:
            continue
        closing = not head[match.end("outlet") :].strip(" .")
        if (
            match[1] == "in"
            and not PUBLISHED_IN.search(head[: match.end(1)] + " ")
            and not (closing and WRITES.match(head))
        ):
            continue  # "spoke in Seoul"; but "writes on X in The Print" names it
        if match[1] == "for" and not WRITTEN_FOR.search(head[: match.start(1)]):
            continue  # "a vision for ASEAN" names no outlet
        if re.fullmatch(r"[\d\s]+", outlet):
            continue
        after = head[match.end("outlet") :]
        if match[1] == "for" and re.match(r"\s+to\b", after):
            continue  # "calls for Japan to ..."
        if fold(outlet) in SECTION_LABELS:
            continue
        return outlet
    return ""


def trim_outlet(text):
    words = text.split()
    while words and key(words[-1]) in ("of", "and", "the", "&", "on", "for"):
        words.pop()
    return " ".join(words).rstrip(".,")


def fold(text):
    return " ".join(text.casefold().split())


def parse_lede(sentence, posted=None, year=None):
    """Return the Lede a sentence makes (see the module's docstring)."""
    lede = Lede()
    text = sentence.strip().rstrip(".").strip()
    text = re.sub(r"^[Tt]he\s+(?=APLN)", "", text)
    anchor = APLN.search(text)
    subject_start = 0
    members = False
    if anchor and len(text[: anchor.start()].split()) <= 25:
        before = text[: anchor.start()]
        if before.strip():
            if before.rstrip().endswith(",") or re.search(
                r",\s*(?:together\s+)?(?:with|alongside|including)\s*$", before
            ):
                read_context(before, lede, posted, year)
                subject_start = anchor.start()
            elif re.search(r"\band\s*$", before) and not re.search(r",", before):
                # "Former Foreign Minister and APLN Chair X": one role.
                subject_start = 0
            else:
                anchor = None
        if anchor:
            members = True
    rest = text[subject_start:]
    reader = Reader(rest.split())
    authors, not_people = people(
        reader, members=members, unknown="outside" if members else "auto"
    )
    lede.not_people = not_people
    lede.introduced = bool(authors) and members
    if not members:
        # Without "APLN", only full names followed by the predicate are
        # people, and other words there claim to be no one.
        lede.not_people = []
        if not looks_like_subject(reader) or any(
            len(a.name.split()) < 2 for a in authors
        ):
            authors = []
    predicate = " ".join(reader.words[reader.at :])
    co = CO_WITH.search(predicate)
    if co:
        with_reader = Reader(predicate[co.end() :].split())
        fellow = re.match(r"(?:fellow\s+)?APLN\s+members?\b", predicate[co.end() :])
        others, more_not = people(with_reader, members=bool(fellow))
        authors += others
        lede.not_people += more_not
    lede.authors = dedupe(authors)
    kind = kind_of(predicate)
    if kind and lede.kind == "commentary":
        lede.kind = kind
    if not lede.outlet:
        lede.outlet = outlet_in(predicate)
    return lede


def looks_like_subject(reader):
    """A lede without "APLN": the names must be followed by the predicate."""
    word = reader.peek()
    return bool(word) and not is_capitalised(word)


def dedupe(authors):
    seen, kept = set(), []
    for author in authors:
        name = fold(author.name)
        if name not in seen:
            seen.add(name)
            kept.append(author)
    return kept
