"""The demo data: invented members, outlets and commentaries.

Every person, outlet, title and summary here is fictional and was written for
this demo; any likeness to a real person or publication is accidental. Links
point to example.org and example.com only. The data shows the shapes real
pages take (see ../shared/DOMAIN.md): names in several scripts and orders,
outside co-authors, partial dates, excerpts, credits in many forms.

Times are relative: `days_ago` is when a piece was posted on the site,
counted back from the first load, and its original publication is `lag` days
earlier, at the precision given by `original`.
"""

from dataclasses import dataclass

from articles.models import Commentary, Outlet
from images.models import Image

Kind = Commentary.Kind
Licence = Image.Licence
Link = Commentary.LinkLine


@dataclass(frozen=True)
class Picture:
    """A drawn picture and its attribution; the alt text comes from the drawing."""

    motif: str  # a key of images.MOTIFS, or "portrait"
    palette: str  # a key of images.PALETTES
    credit: str = "Fulcrum demo illustration"
    source_url: str = ""
    caption: str = ""
    licence: str = Licence.CC0
    is_decorative: bool = False


@dataclass(frozen=True)
class DemoMember:
    slug: str
    name: str
    family_name: str
    given_name: str
    category: str  # a MembershipCategory slug
    country: str
    position: str
    bio: str
    native_name: str = ""
    native_name_language: str = ""
    honorific: str = ""
    is_active: bool = True
    aliases: tuple = ()
    links: tuple = ()  # (label, url) pairs
    photo: Picture | None = None


@dataclass(frozen=True)
class DemoOutlet:
    slug: str
    name: str
    kind: str
    homepage_url: str
    label: str = ""


@dataclass(frozen=True)
class Author:
    member: str = ""  # a DemoMember slug, or
    name: str = ""  # an outside co-author's name
    role: str = ""
    affiliation: str = ""


def member(slug, role=""):
    return Author(member=slug, role=role)


def guest(name, affiliation=""):
    return Author(name=name, affiliation=affiliation)


@dataclass(frozen=True)
class DemoCommentary:
    slug: str
    title: str
    kind: str
    outlet: str  # a DemoOutlet slug, or "" when the outlet is unknown
    authors: tuple
    summary: str
    days_ago: int  # negative: scheduled that many days ahead
    tags: tuple = ()
    status: str = Commentary.Status.PUBLISHED
    original: str | None = "day"  # precision of the original date, or None
    lag: int = 2
    is_featured: bool = False
    summary_is_excerpt: bool = False
    link_line: str = Link.FULL
    lede_override: str = ""
    url: str | None = None  # None: built from the outlet's homepage; "": no link
    picture: Picture | None = None


# --- Credits used more than once --------------------------------------------
HANBIT = "한빛 사진통신"
KITAHAMA = "北浜写真事務所"
HAIANXIAN = "海岸线影像工作室"
PHUC = "Ảnh: Nguyễn Văn Phúc"


MEMBERS = [
    DemoMember(
        slug="han-seung-woo",
        name="Han Seung-woo",
        family_name="Han",
        given_name="Seung-woo",
        native_name="한승우",
        native_name_language="ko",
        honorific="Amb.",
        category="board",
        country="KR",
        position="Senior Research Adviser; former Vice Minister of Foreign Affairs, "
        "Republic of Korea",
        bio="Han Seung-woo spent thirty years in the Korean foreign service, "
        "including postings in Geneva and Vienna, and led his country's "
        "delegation to two review conferences of the Non-Proliferation Treaty. "
        "He now writes on crisis management and confidence-building on the "
        "Korean Peninsula.",
        aliases=("Seung-woo Han", "한승우"),
        links=(("Personal website", "https://example.org/people/han-seung-woo"),),
        photo=Picture("portrait", "harbour", credit=HANBIT, licence=Licence.PERMISSION),
    ),
    DemoMember(
        slug="haruko-takeda",
        name="Haruko Takeda",
        family_name="Takeda",
        given_name="Haruko",
        native_name="武田晴子",
        native_name_language="ja",
        category="member",
        country="JP",
        position="Former Ambassador for Disarmament and Non-Proliferation, Japan",
        bio="Haruko Takeda represented Japan at the Conference on Disarmament and "
        "chaired expert groups on nuclear verification. She teaches "
        "international law and writes on the humanitarian consequences of "
        "nuclear weapons.",
        aliases=("Takeda Haruko",),
        photo=Picture(
            "portrait",
            "dawn",
            credit=KITAHAMA,
            source_url="https://example.org/kitahama-photo/portraits/takeda",
            licence=Licence.PERMISSION,
        ),
    ),
    DemoMember(
        slug="lin-xiaoyu",
        name="Lin Xiaoyu",
        family_name="Lin",
        given_name="Xiaoyu",
        native_name="林晓雨",
        native_name_language="zh",
        category="international-advisory-board",
        country="CN",
        position="Professor of International Security, Haixin University",
        bio="Lin Xiaoyu researches Chinese nuclear policy and arms control, and "
        "has taken part in Track 2 dialogues with scholars from Japan, Korea "
        "and the United States for two decades.",
        aliases=("Xiaoyu Lin",),
        photo=Picture("portrait", "jade", credit=HAIANXIAN, licence=Licence.CC_BY_NC),
    ),
    DemoMember(
        slug="le-thi-minh-chau",
        name="Lê Thị Minh Châu",
        family_name="Lê",
        given_name="Thị Minh Châu",
        category="member",
        country="VN",
        position="Senior Fellow, Institute for Regional Maritime Studies, Hanoi",
        bio="Lê Thị Minh Châu writes on maritime security, ASEAN and Vietnam's "
        "relations with the major powers. She previously served in Vietnam's "
        "mission to ASEAN.",
        photo=Picture("portrait", "monsoon", credit=PHUC, licence=Licence.PERMISSION),
    ),
    DemoMember(
        slug="wiranata",
        name="Wiranata",
        family_name="Wiranata",
        given_name="",
        category="senior-network",
        country="ID",
        position="Former Ambassador of Indonesia to the Conference on Disarmament",
        bio="Wiranata served as Indonesia's ambassador in Geneva and as a senior "
        "official for ASEAN affairs. He writes on non-alignment and "
        "Southeast Asia's nuclear-weapon-free zone.",
    ),
    DemoMember(
        slug="c-r-anantharaman",
        name="C. R. Anantharaman",
        family_name="Anantharaman",
        given_name="C. R.",
        category="board",
        country="IN",
        position="Former Deputy National Security Adviser, India",
        bio="C. R. Anantharaman worked on India's nuclear doctrine and on "
        "confidence-building talks with Pakistan and China. He is a visiting "
        "professor of strategic studies.",
        photo=Picture(
            "portrait",
            "sand",
            credit="Courtesy of C. R. Anantharaman",
            licence=Licence.PERMISSION,
        ),
    ),
    DemoMember(
        slug="margaret-ellery",
        name="Margaret Ellery",
        family_name="Ellery",
        given_name="Margaret",
        category="member",
        country="AU",
        position="Former Australian arms control negotiator",
        bio="Margaret Ellery negotiated safeguards and export-control agreements "
        "for Australia for twenty-five years. She writes on AUKUS, "
        "safeguards and nuclear-powered submarines.",
        links=(
            ("Harbourview Institute profile", "https://example.org/harbourview/ellery"),
        ),
        photo=Picture(
            "portrait",
            "violet",
            credit="Courtesy of the Harbourview Institute",
            licence=Licence.PERMISSION,
        ),
    ),
    DemoMember(
        slug="aurelio-martins-da-cruz-sarmento",
        name="Aurélio Martins Da Cruz SARMENTO",
        family_name="Sarmento",
        given_name="Aurélio Martins Da Cruz",
        honorific="H.E.",
        category="board",
        country="TL",
        position="Former Minister of State and Foreign Affairs of Timor-Leste",
        bio="Aurélio Martins Da Cruz SARMENTO led Timor-Leste's diplomacy during "
        "its application to join ASEAN and has long spoken for the interests "
        "of small states in disarmament forums.",
        aliases=("Aurelio Sarmento",),
    ),
    DemoMember(
        slug="maria-teresa-villanueva",
        name="Maria Teresa Villanueva",
        family_name="Villanueva",
        given_name="Maria Teresa",
        honorific="H.E. Dr.",
        category="international-advisory-board",
        country="PH",
        position="Former Undersecretary for Policy, Department of Foreign Affairs, "
        "the Philippines",
        bio="Maria Teresa Villanueva is a diplomat and legal scholar who worked on "
        "the law of the sea and regional arms control. She is the author of "
        "a book on the diplomacy of small states.",
    ),
    DemoMember(
        slug="tsendsuren-batbayar",
        name="Tsendsuren Batbayar",
        family_name="Tsendsuren",
        given_name="Batbayar",
        native_name="Цэндсүрэнгийн Батбаяр",
        native_name_language="mn",
        category="senior-network",
        country="MN",
        position="Former Deputy Minister of Foreign Affairs of Mongolia",
        bio="Tsendsuren Batbayar has represented Mongolia in talks on its "
        "nuclear-weapon-free status and in regional security dialogues in "
        "Ulaanbaatar.",
    ),
    DemoMember(
        slug="ayesha-qureshi",
        name="Ayesha Qureshi",
        family_name="Qureshi",
        given_name="Ayesha",
        native_name="عائشہ قریشی",
        native_name_language="ur",
        category="member",
        country="PK",
        position="Former Director-General for Disarmament, Ministry of Foreign "
        "Affairs of Pakistan",
        bio="Ayesha Qureshi worked on Pakistan's positions in the Conference on "
        "Disarmament and on strategic restraint in South Asia.",
    ),
    DemoMember(
        slug="yoon-ha-eun",
        name="Yoon Ha-eun",
        family_name="Yoon",
        given_name="Ha-eun",
        native_name="윤하은",
        native_name_language="ko",
        category="emerging-voices-network",
        country="KR",
        position="Research Fellow, Seoul Centre for Peace Studies",
        bio="Yoon Ha-eun researches missile diplomacy and inter-Korean relations, "
        "and runs disarmament workshops for university students.",
        aliases=("Ha-eun Yoon",),
        photo=Picture("portrait", "jade", credit=HANBIT, licence=Licence.PERMISSION),
    ),
    DemoMember(
        slug="prasert-chaiwat",
        name="Prasert Chaiwat",
        family_name="Chaiwat",
        given_name="Prasert",
        native_name="ประเสริฐ ชัยวัฒน์",
        native_name_language="th",
        category="member",
        country="TH",
        position="Former Ambassador of Thailand to the United Nations in Geneva",
        bio="Prasert Chaiwat served in Geneva and Vienna and chaired an ASEAN "
        "working group on nuclear safety.",
        is_active=False,
    ),
    DemoMember(
        slug="aroha-whitcombe",
        name="Aroha Whitcombe",
        family_name="Whitcombe",
        given_name="Aroha",
        category="emerging-voices-network",
        country="NZ",
        position="Policy analyst, Pacific security and nuclear legacies",
        bio="Aroha Whitcombe works on the health and environmental legacies of "
        "nuclear testing in the Pacific, and on climate security.",
    ),
    DemoMember(
        slug="nurul-aina-hashim",
        name="Nurul Aina Hashim",
        family_name="Hashim",
        given_name="Nurul Aina",
        category="emerging-voices-network",
        country="MY",
        position="Senior Lecturer in Strategic Studies",
        bio="Nurul Aina Hashim teaches strategic studies and researches nuclear "
        "security culture in Southeast Asia.",
    ),
    DemoMember(
        slug="kang-min-seo",
        name="Kang Min-seo",
        family_name="Kang",
        given_name="Min-seo",
        native_name="강민서",
        native_name_language="ko",
        category="staff",
        country="KR",
        position="Executive Director, Asia-Pacific Leadership Network",
        bio="Kang Min-seo leads the network's secretariat in Seoul and its "
        "programme on nuclear risk reduction.",
        aliases=("Min-seo Kang",),
        photo=Picture("portrait", "harbour", credit="APLN", licence=Licence.PERMISSION),
    ),
]


OUTLETS = [
    DemoOutlet(
        "meridian",
        "Meridian",
        Outlet.Kind.PUBLICATION,
        "https://example.org/meridian/",
        label="MERIDIAN",
    ),
    DemoOutlet(
        "the-seoul-ledger",
        "The Seoul Ledger",
        Outlet.Kind.PUBLICATION,
        "https://example.com/seoul-ledger/",
        label="THE SEOUL LEDGER",
    ),
    DemoOutlet(
        "apln-column-the-seoul-ledger",
        "APLN Column, The Seoul Ledger",
        Outlet.Kind.APLN_COLUMN,
        "https://example.com/seoul-ledger/apln-column/",
        label="The Seoul Ledger",
    ),
    DemoOutlet(
        "pacific-policy-review",
        "Pacific Policy Review",
        Outlet.Kind.PUBLICATION,
        "https://example.org/pacific-policy-review/",
    ),
    DemoOutlet(
        "lotus-quarterly",
        "Lotus Quarterly",
        Outlet.Kind.PUBLICATION,
        "https://example.org/lotus-quarterly/",
    ),
    DemoOutlet(
        "straits-morning-post",
        "Straits Morning Post",
        Outlet.Kind.PUBLICATION,
        "https://example.com/straits-morning-post/",
        label="STRAITS MORNING POST",
    ),
    DemoOutlet(
        "harbourview-institute",
        "Harbourview Institute",
        Outlet.Kind.INSTITUTION,
        "https://example.org/harbourview/",
    ),
    DemoOutlet(
        "centre-for-ocean-and-security-studies",
        "Centre for Ocean and Security Studies",
        Outlet.Kind.INSTITUTION,
        "https://example.org/coss/",
        label="COSS",
    ),
    DemoOutlet(
        "southern-cross-radio",
        "Southern Cross Radio",
        Outlet.Kind.BROADCASTER,
        "https://example.com/southern-cross-radio/",
    ),
]


DISARMAMENT = "nuclear disarmament"
NPT = "non-proliferation"
KOREA = "Korean Peninsula"

COMMENTARIES = [
    DemoCommentary(
        slug="why-seoul-should-resist-a-homegrown-bomb",
        title="Why Seoul Should Resist the Pull of a Homegrown Bomb",
        kind=Kind.COMMENTARY,
        outlet="the-seoul-ledger",
        authors=(member("han-seung-woo", role="senior research adviser"),),
        summary="<p>He argues that the growing appetite in South Korea for an "
        "independent nuclear deterrent rests on a misreading of what such "
        "weapons could buy. A Korean bomb would invite sanctions, strain the "
        "alliance and hand Pyongyang a propaganda victory, while doing little "
        "against the conventional and grey-zone pressure Seoul actually "
        "faces.</p>"
        "<p>He urges the government to invest instead in <em>conventional "
        "resilience</em>, in crisis channels with Pyongyang and Beijing, and "
        "in a more candid public conversation about what proliferation would "
        "cost.</p>",
        days_ago=12,
        tags=(DISARMAMENT, KOREA, "핵군축"),
        is_featured=True,
        picture=Picture("rings", "harbour", credit=HANBIT, licence=Licence.PERMISSION),
    ),
    DemoCommentary(
        slug="japan-and-asean-can-build-a-safer-maritime-commons",
        title="Japan and ASEAN Can Build a Safer Maritime Commons Together",
        kind=Kind.COMMENTARY,
        outlet="meridian",
        authors=(member("le-thi-minh-chau"), guest("Trần Quốc Bảo")),
        summary="<p>They argue that Japan’s long record of coast guard training, "
        "port investment and disaster relief in Southeast Asia gives it a "
        "distinctive role in keeping the region’s sea lanes open without "
        "turning them into a theatre of rivalry.</p>"
        "<p>The authors suggest that Tokyo and ASEAN members pool maritime "
        "awareness data, co-fund search and rescue, and agree common rules "
        "for unplanned encounters at sea, so that smaller states gain "
        "confidence rather than become bystanders.</p>",
        days_ago=20,
        tags=("ASEAN", "maritime security", "Japan"),
        picture=Picture(
            "waves",
            "harbour",
            credit=KITAHAMA,
            source_url="https://example.org/kitahama-photo/harbour-at-dawn",
            licence=Licence.PERMISSION,
        ),
    ),
    DemoCommentary(
        slug="aukus-and-the-naval-fuel-gap",
        title="AUKUS and the Non-Proliferation Regime: Closing the Naval Fuel Gap",
        kind=Kind.COMMENTARY,
        outlet="pacific-policy-review",
        authors=(member("margaret-ellery"), guest("Emily Hartnett")),
        summary="<p>The exemption for naval nuclear propulsion in safeguards "
        "agreements was written for a world in which no state without "
        "nuclear weapons was expected to use it. AUKUS changes that.</p>"
        "<p>If Australia wants its submarines to strengthen the "
        "non-proliferation regime rather than weaken it, it should volunteer "
        "for more transparency than the rules require: regular reporting, "
        "fuel that cannot readily be diverted, and an open invitation to "
        "regional partners to see how the arrangement works.</p>",
        days_ago=35,
        tags=("AUKUS", NPT),
        summary_is_excerpt=True,
        link_line=Link.ORIGINAL,
        picture=Picture(
            "orbits", "monsoon", credit="Fulcrum demo studio", licence=Licence.CC_BY
        ),
    ),
    DemoCommentary(
        slug="trust-and-verification-lessons-from-europe",
        title="Trust & Verification: What Europe’s Arms Control Can Teach the "
        "Korean Peninsula",
        kind=Kind.ARTICLE,
        outlet="lotus-quarterly",
        authors=(
            member("han-seung-woo", role="senior research adviser"),
            member("yoon-ha-eun"),
            guest("Jonas Weber", affiliation="Hanseatic Peace Institute"),
        ),
        summary="<p>The authors revisit the confidence-building measures that "
        "eased tensions in Cold War Europe, from notice of large exercises to "
        "invited observers, and ask which of them could travel to the Korean "
        "Peninsula.</p>"
        "<p>They conclude that verification matters less at the start than the "
        "habit of exchanging information, and propose a modest first package: "
        "a hotline between military commands, advance notice of missile tests "
        "and joint rescue exercises at sea.</p>",
        days_ago=48,
        original="month",
        lag=30,
        tags=(KOREA, "arms control", "confidence-building"),
        picture=Picture(
            "network",
            "ink",
            credit="Adapted from D. Okafor, “Maps of Restraint”, Harbourview "
            "Institute Working Paper 12, fig. 4",
            licence=Licence.CC_BY,
        ),
    ),
    DemoCommentary(
        slug="a-regional-call-for-no-first-use",
        title="A Regional Call for No First Use",
        kind=Kind.OPEN_LETTER,
        outlet="",
        authors=(
            member("han-seung-woo", role="senior research adviser"),
            member("haruko-takeda"),
            member("c-r-anantharaman", role="board member"),
            guest("Sofia Lindqvist"),
            guest("Daniel Okafor"),
            guest("Rahul Menon"),
        ),
        summary="<p>Six former officials and scholars call on every "
        "nuclear-armed state to declare that it will never be the first to "
        "use nuclear weapons.</p>"
        "<blockquote><p>A pledge of no first use costs nothing to a state that "
        "is confident in its deterrent, and it gives its neighbours one less "
        "reason to fear a crisis spinning out of control.</p></blockquote>"
        "<p>The signatories ask governments in the region to support the call "
        "at the next review conference of the Non-Proliferation Treaty.</p>",
        days_ago=60,
        url="https://example.org/statements/a-regional-call-for-no-first-use",
        tags=(DISARMAMENT, "no first use"),
    ),
    DemoCommentary(
        slug="can-extended-deterrence-survive-domestic-politics",
        title="Deterrence Dialogues: Can Extended Deterrence Survive Domestic "
        "Politics?",
        kind=Kind.PODCAST,
        outlet="southern-cross-radio",
        authors=(member("margaret-ellery"),),
        summary="<p>Margaret Ellery joins the <em>Deterrence Dialogues</em> "
        "podcast to discuss whether allies in Asia can still rely on security "
        "guarantees that are argued over in election campaigns.</p>"
        "<p>She suggests allies should worry less about the words of any one "
        "government and more about the institutions that make commitments "
        "credible: joint planning, shared intelligence and regular "
        "consultation.</p>",
        days_ago=75,
        tags=("deterrence", "AUKUS"),
        link_line=Link.READ_MORE,
        picture=Picture(
            "waves",
            "dawn",
            credit="Southern Cross Radio",
            licence=Licence.PERMISSION,
        ),
    ),
    DemoCommentary(
        slug="making-southeast-asias-nuclear-weapon-free-zone-work",
        title="Interview: Making Southeast Asia’s Nuclear-Weapon-Free Zone Work",
        kind=Kind.INTERVIEW,
        outlet="straits-morning-post",
        authors=(member("wiranata"),),
        summary="<p>Wiranata reflects on the treaty that made Southeast Asia a "
        "nuclear-weapon-free zone, and on why the nuclear-armed states have "
        "still not signed its protocol.</p>"
        "<p>He argues that ASEAN should stop treating the protocol as a "
        "drafting problem and start treating it as a test of the great "
        "powers’ respect for the region, raising it at every summit until it "
        "is settled.</p>",
        days_ago=90,
        tags=("ASEAN", DISARMAMENT),
        is_featured=True,
        picture=Picture(
            "bands",
            "jade",
            credit="Foto: Dewi Lestari / Arsip Nusantara",
            licence=Licence.CC_BY_SA,
        ),
    ),
    DemoCommentary(
        slug="small-states-and-big-risks",
        title="Small States and Big Risks: Remarks to the Harbourview Forum",
        kind=Kind.SPEECH,
        outlet="harbourview-institute",
        authors=(member("aurelio-martins-da-cruz-sarmento"),),
        summary="<p>Speaking at the Harbourview Forum, he reminds the audience "
        "that small states bear the consequences of nuclear risk without any "
        "say over it.</p>"
        "<p>He calls for regional risk-reduction talks that include the "
        "smaller members of ASEAN and the Pacific, and for nuclear-armed "
        "states to brief their neighbours on doctrine and exercises.</p>",
        days_ago=100,
        tags=("risk reduction", "ASEAN"),
        picture=Picture(
            "rings",
            "sand",
            credit="Forum photo by Marisol Ferreira",
            caption="Delegates from fourteen countries fill the plenary hall on "
            "the opening morning of the Harbourview Forum on Nuclear Risk "
            "Reduction, where former ministers and negotiators debated crisis "
            "hotlines, missile test notifications and the place of small "
            "states in both. Forum photo by Marisol Ferreira.",
            licence=Licence.ALL_RIGHTS_RESERVED,
        ),
    ),
    DemoCommentary(
        slug="a-moratorium-on-missile-tests-in-northeast-asia",
        title="Endorsing a Moratorium on Missile Tests in Northeast Asia",
        kind=Kind.STATEMENT,
        outlet="centre-for-ocean-and-security-studies",
        authors=(
            member("haruko-takeda"),
            member("lin-xiaoyu"),
            member("tsendsuren-batbayar"),
        ),
        summary="<p>Three members add their names to a statement calling for a "
        "two-year moratorium on ballistic missile tests in Northeast Asia.</p>"
        "<p>The statement proposes that governments use the pause to negotiate "
        "notification rules and a joint monitoring mechanism, and that the "
        "moratorium apply to every party rather than to any single state.</p>",
        days_ago=110,
        tags=(KOREA, "missile testing", "arms control"),
        picture=Picture("network", "violet"),
    ),
    DemoCommentary(
        slug="the-quiet-diplomacy-of-small-states",
        title="The Quiet Diplomacy of Small States",
        kind=Kind.BOOK,
        outlet="harbourview-institute",
        authors=(member("maria-teresa-villanueva"),),
        summary="<p>Maria Teresa Villanueva draws on three decades in the "
        "foreign service to show how smaller countries shape arms control and "
        "the law of the sea despite their limited power.</p>"
        "<p>Chapters cover coalition-building at the United Nations, the craft "
        "of drafting, and the patience it takes to turn a minority position "
        "into a consensus.</p>",
        days_ago=130,
        original="year",
        lag=60,
        tags=("diplomacy", "small states"),
        picture=Picture(
            "bands",
            "sand",
            credit="Harbourview Institute Press",
            licence=Licence.PERMISSION,
        ),
    ),
    DemoCommentary(
        slug="nuclear-energy-in-asia-safeguards-before-scale",
        title="Nuclear Energy in Asia: Safeguards Before Scale",
        kind=Kind.REPORT,
        outlet="centre-for-ocean-and-security-studies",
        authors=(
            member("c-r-anantharaman", role="board member"),
            guest("Priya Natarajan"),
            guest("Rahul Menon"),
        ),
        summary="<p>This report examines plans across Asia to build new nuclear "
        "power plants, including small modular reactors, and asks whether "
        "safeguards and security arrangements are keeping pace.</p>"
        "<p>The authors recommend that every new programme accept the "
        "strongest inspection arrangements before construction begins, that "
        "regional regulators share findings, and that leasing fuel be "
        "preferred to national enrichment.</p>",
        days_ago=150,
        tags=("nuclear energy", NPT),
        picture=Picture(
            "orbits",
            "jade",
            credit="Public Information Office, Ministry of Energy",
            licence=Licence.GOVERNMENT,
        ),
    ),
    DemoCommentary(
        slug="what-the-latest-missile-launches-mean",
        title="Experts Weigh In: What the Latest Missile Launches Mean",
        kind=Kind.QUOTE,
        outlet="straits-morning-post",
        authors=(member("yoon-ha-eun"),),
        summary="<p>Yoon Ha-eun is among the analysts asked to interpret a "
        "recent series of missile launches. She notes that the tests seem "
        "aimed as much at a domestic audience as at a foreign one, and warns "
        "against reading each launch as a step towards conflict.</p>",
        days_ago=160,
        tags=(KOREA, "missile testing"),
        link_line=Link.READ_MORE,
    ),
    DemoCommentary(
        slug="the-case-for-a-northeast-asian-crisis-hotline",
        title="The Case for a Northeast Asian Crisis Hotline",
        kind=Kind.COLUMN,
        outlet="apln-column-the-seoul-ledger",
        authors=(member("han-seung-woo", role="senior research adviser"),),
        summary="<p>In this month’s APLN column, he asks why Northeast Asia, "
        "home to three nuclear-armed states and close allies of a fourth, "
        "still has no standing channel for leaders and militaries to talk in "
        "a crisis.</p>"
        "<p>He proposes a regional risk-reduction centre, staffed around the "
        "clock, that any government could call to ask about an exercise or a "
        "launch before rumours harden into decisions.</p>",
        days_ago=170,
        tags=(KOREA, "risk reduction", "핵군축"),
        picture=Picture("rings", "ink"),
    ),
    DemoCommentary(
        slug="mongolias-nuclear-weapon-free-status-as-a-model",
        title="Mongolia’s Nuclear-Weapon-Free Status as a Model",
        kind=Kind.COLUMN,
        outlet="apln-column-the-seoul-ledger",
        authors=(member("tsendsuren-batbayar"),),
        summary="<p>Tsendsuren Batbayar explains how Mongolia, wedged between "
        "two nuclear-armed neighbours, won international recognition of its "
        "nuclear-weapon-free status.</p>"
        "<p>He suggests that the same blend of national law and assurances "
        "from the great powers could help other states that want to stay out "
        "of nuclear competition.</p>",
        days_ago=200,
        tags=("Mongolia", "nuclear-weapon-free zones"),
        picture=Picture(
            "waves",
            "violet",
            credit="Цэцэг гэрэл зургийн студи",
            licence=Licence.CC_BY,
        ),
    ),
    DemoCommentary(
        slug="india-pakistan-and-the-arithmetic-of-restraint",
        title="India, Pakistan and the Arithmetic of Restraint",
        kind=Kind.COLUMN,
        outlet="apln-column-the-seoul-ledger",
        authors=(
            member("c-r-anantharaman", role="board member"),
            member("ayesha-qureshi"),
        ),
        summary="<p>Writing together, a former Indian official and a former "
        "Pakistani official argue that their countries’ shared interest in "
        "avoiding nuclear use is larger than either government admits in "
        "public.</p>"
        "<p>They propose reviving expert talks on nuclear confidence-building, "
        "extending advance notice of ballistic missile tests to cruise "
        "missiles, and keeping military hotlines open even when political "
        "talks stall.</p>",
        days_ago=230,
        tags=("South Asia", "deterrence", "risk reduction"),
        is_featured=True,
        picture=Picture(
            "bands",
            "dawn",
            credit="Archival photograph, 1962",
            licence=Licence.PUBLIC_DOMAIN,
        ),
    ),
    DemoCommentary(
        slug="reading-the-signals-from-the-yellow-sea",
        title="Reading the Signals from the Yellow Sea",
        kind=Kind.COMMENTARY,
        outlet="meridian",
        authors=(member("lin-xiaoyu"),),
        summary="<p>Lin Xiaoyu reads recent naval exercises as signals aimed at "
        "several audiences at once. (Withdrawn at the author’s request.)</p>",
        days_ago=240,
        status=Commentary.Status.WITHDRAWN,
        tags=("maritime security",),
        picture=Picture("waves", "monsoon"),
    ),
    DemoCommentary(
        slug="rebuilding-trust-after-the-summit-that-never-happened",
        title="Rebuilding Trust After the Summit That Never Happened",
        kind=Kind.COMMENTARY,
        outlet="meridian",
        authors=(
            member("han-seung-woo", role="senior research adviser"),
            member("kang-min-seo", role="Executive Director"),
        ),
        lede_override="APLN member Han Seung-woo co-writes a commentary with "
        "APLN Executive Director Kang Min-seo.",
        summary="<p>They argue that the collapse of plans for a leaders’ summit "
        "should not become an excuse to abandon working-level diplomacy.</p>"
        "<p>Officials should instead pick up the smaller agreements that were "
        "ready for signature, from family reunions to joint fisheries patrols, "
        "and carry them out quietly.</p>",
        days_ago=250,
        tags=(KOREA, "diplomacy"),
        picture=Picture("orbits", "harbour", credit=HANBIT, licence=Licence.PERMISSION),
    ),
    DemoCommentary(
        slug="ten-questions-for-the-next-npt-review-conference",
        title="Ten Questions for the Next NPT Review Conference",
        kind=Kind.COMMENTARY,
        outlet="pacific-policy-review",
        authors=(member("haruko-takeda"),),
        summary="<p>Haruko Takeda sets out ten questions every delegation should "
        "be able to answer before the next review conference of the "
        "Non-Proliferation Treaty opens.</p>",
        days_ago=4,
        status=Commentary.Status.DRAFT,
        tags=(NPT, DISARMAMENT),
    ),
    DemoCommentary(
        slug="climate-change-as-a-threat-multiplier-in-the-pacific",
        title="Climate Change as a Threat Multiplier in the Pacific Islands",
        kind=Kind.COMMENTARY,
        outlet="",
        authors=(member("aroha-whitcombe"), guest("Samuel Tuilagi")),
        summary="<p>Rising seas, stronger storms and contested fisheries are "
        "reshaping security in the Pacific Islands. (Summary to be "
        "finished; the link to the full article is still missing.)</p>",
        days_ago=2,
        status=Commentary.Status.DRAFT,
        original=None,
        url="",
        tags=("Pacific Islands", "climate security"),
        picture=Picture("waves", "monsoon", is_decorative=True),
    ),
    DemoCommentary(
        slug="what-the-nuclear-ban-treaty-has-changed-in-asia",
        title="What the Nuclear Ban Treaty Has Changed in Asia",
        kind=Kind.COMMENTARY,
        outlet="meridian",
        authors=(member("haruko-takeda"), member("aroha-whitcombe")),
        summary="<p>They assess what the Treaty on the Prohibition of Nuclear "
        "Weapons has changed in the Asia-Pacific so far, from new national "
        "laws in the Pacific to a sharper debate in Japan about attending its "
        "meetings as an observer.</p>",
        days_ago=-3,
        lag=0,
        tags=("TPNW", "核兵器禁止条約", DISARMAMENT),
        picture=Picture("rings", "dawn"),
    ),
    DemoCommentary(
        slug="thailands-stake-in-a-stable-mekong",
        title="Thailand’s Stake in a Stable Mekong",
        kind=Kind.COMMENTARY,
        outlet="straits-morning-post",
        authors=(member("prasert-chaiwat"),),
        summary="<p>Prasert Chaiwat argues that dams, drought and great-power "
        "competition along the Mekong are a security question for Thailand as "
        "much as an environmental one.</p>"
        "<p>He calls for a stronger river commission with real obligations to "
        "share data on water levels and dam releases.</p>",
        days_ago=690,
        original="year",
        lag=20,
        tags=("Mekong", "ASEAN"),
        picture=Picture(
            "waves",
            "jade",
            credit="สำนักภาพเจ้าพระยา",
            licence=Licence.CC_BY_NC_SA,
        ),
    ),
    DemoCommentary(
        slug="pakistan-and-a-fissile-material-treaty",
        title="Pakistan and a Fissile Material Treaty: Time for a Fresh Look",
        kind=Kind.COMMENTARY,
        outlet="pacific-policy-review",
        authors=(member("ayesha-qureshi"),),
        summary="<p>Ayesha Qureshi revisits her country’s long-standing "
        "objections to a treaty banning the production of fissile material "
        "for weapons.</p>"
        "<p>She argues that a treaty covering existing stocks as well as "
        "future production could meet Pakistan’s concerns, and that Islamabad "
        "would gain more by shaping the negotiation than by blocking it.</p>",
        days_ago=260,
        tags=("South Asia", NPT, "fissile material"),
        picture=Picture("network", "sand"),
    ),
    DemoCommentary(
        slug="chinas-arms-control-choices-in-a-multipolar-nuclear-age",
        title="China’s Arms Control Choices in a Multipolar Nuclear Age",
        kind=Kind.COMMENTARY,
        outlet="meridian",
        authors=(member("lin-xiaoyu"), guest("Chen Yiting")),
        summary="<p>They argue that China’s reluctance to join arms control "
        "talks, long justified by the small size of its arsenal, will be "
        "harder to sustain as that arsenal grows.</p>"
        "<p>Beijing could take the initiative with proposals that suit its "
        "own interests: a multilateral pledge of no first use, notice of "
        "missile launches, and limits on attacks against early-warning "
        "satellites.</p>",
        days_ago=280,
        tags=("arms control", "China", "no first use"),
        picture=Picture("orbits", "ink", credit=HAIANXIAN, licence=Licence.CC_BY_NC),
    ),
    DemoCommentary(
        slug="japans-three-non-nuclear-principles-still-matter",
        title="Japan’s Three Non-Nuclear Principles Still Matter",
        kind=Kind.COMMENTARY,
        outlet="the-seoul-ledger",
        authors=(member("haruko-takeda"),),
        summary="<p>Japan’s three non-nuclear principles have outlasted many "
        "governments and many threats. They have lasted because they express "
        "something the public still believes: that a country which has "
        "suffered nuclear attack has a particular duty to prevent another.</p>"
        "<p>Letting allied nuclear weapons into Japanese ports or territory "
        "would add little militarily and would cost Japan much of its voice "
        "in disarmament diplomacy.</p>",
        days_ago=300,
        tags=("非核三原則", DISARMAMENT, "Japan"),
        summary_is_excerpt=True,
        picture=Picture(
            "rings",
            "violet",
            credit=KITAHAMA,
            source_url="https://example.org/kitahama-photo/lanterns",
            licence=Licence.PERMISSION,
        ),
    ),
    DemoCommentary(
        slug="why-malaysia-should-lead-on-nuclear-security-culture",
        title="Why Malaysia Should Lead on Nuclear Security Culture",
        kind=Kind.COMMENTARY,
        outlet="straits-morning-post",
        authors=(member("nurul-aina-hashim"),),
        summary="<p>Nurul Aina Hashim argues that Malaysia, with growing "
        "research reactor and radiation medicine programmes, is well placed "
        "to lead ASEAN’s work on nuclear security culture: the everyday "
        "habits that keep radioactive material out of the wrong hands.</p>"
        "<p>She proposes a regional training centre and peer reviews among "
        "ASEAN regulators.</p>",
        days_ago=320,
        tags=("ASEAN", "nuclear security"),
        picture=Picture("bands", "harbour", is_decorative=True),
    ),
    DemoCommentary(
        slug="disarmament-education-for-a-new-generation",
        title="Disarmament Education for a Generation That Never Knew the Cold War",
        kind=Kind.COMMENTARY,
        outlet="pacific-policy-review",
        authors=(
            member("yoon-ha-eun"),
            member("aroha-whitcombe"),
            member("nurul-aina-hashim"),
        ),
        summary="<p>Three members of the Emerging Voices Network argue that "
        "disarmament education should start from the concerns of young "
        "people today, such as climate, technology and inequality, rather "
        "than from Cold War history alone.</p>"
        "<p>They describe projects in Seoul, Wellington and Kuala Lumpur that "
        "pair students with former negotiators.</p>",
        days_ago=340,
        tags=("disarmament education", DISARMAMENT),
        picture=Picture("network", "dawn"),
    ),
    DemoCommentary(
        slug="missile-defence-and-the-stability-paradox",
        title="Missile Defence and the Stability Paradox in Northeast Asia",
        kind=Kind.REPORT,
        outlet="centre-for-ocean-and-security-studies",
        authors=(
            member("han-seung-woo", role="senior research adviser"),
            member("lin-xiaoyu"),
            member("haruko-takeda"),
            guest("Hiroshi Aoki"),
            guest("Jonas Weber", affiliation="Hanseatic Peace Institute"),
        ),
        summary="<p>This report by Korean, Chinese, Japanese and European "
        "experts examines how each government in Northeast Asia reads its "
        "neighbours’ missile defences.</p>"
        "<p>Systems bought for protection are widely seen next door as "
        "preparation for offence. The authors propose technical briefings, "
        "agreed limits on radar coverage and regular trilateral expert talks "
        "to reduce misreadings.</p>",
        days_ago=360,
        tags=("missile defence", KOREA, "arms control"),
        picture=Picture("rings", "monsoon"),
    ),
    DemoCommentary(
        slug="the-philippines-the-south-china-sea-and-the-rule-of-law",
        title="The Philippines, the South China Sea and the Rule of Law",
        kind=Kind.COMMENTARY,
        outlet="meridian",
        authors=(member("maria-teresa-villanueva"),),
        summary="<p>Maria Teresa Villanueva argues that the Philippines’ "
        "reliance on international law in the South China Sea is a strategy, "
        "not a weakness.</p>"
        "<p>Legal rulings, she writes, give smaller claimants a common "
        "language and give partners a clear reason to support them.</p>",
        days_ago=380,
        tags=("South China Sea", "ASEAN", "maritime security"),
        picture=Picture("waves", "sand"),
    ),
    DemoCommentary(
        slug="timor-lestes-path-into-asean",
        title="Timor-Leste’s Path into ASEAN and What It Means for Regional Security",
        kind=Kind.COMMENTARY,
        outlet="meridian",
        authors=(
            member("aurelio-martins-da-cruz-sarmento"),
            guest("Inês Carvalho"),
        ),
        summary="<p>They argue that Timor-Leste’s membership of ASEAN brings a "
        "small but committed voice for disarmament into the association.</p>"
        "<p>The authors urge Dili to join the region’s nuclear-weapon-free "
        "zone arrangements early and to press for more openness about "
        "defence spending across Southeast Asia.</p>",
        days_ago=400,
        tags=("ASEAN", "Timor-Leste"),
        picture=Picture("bands", "violet"),
    ),
    DemoCommentary(
        slug="australias-submarines-answering-the-regions-questions",
        title="Australia’s Nuclear-Powered Submarines: Answering the Region’s "
        "Questions",
        kind=Kind.COMMENTARY,
        outlet="pacific-policy-review",
        authors=(member("margaret-ellery"),),
        summary="<p>Margaret Ellery lists the questions Southeast Asian and "
        "Pacific governments ask most often about Australia’s submarine "
        "plans, on fuel, safeguards, waste and consultation.</p>"
        "<p>Canberra, she argues, answers them too rarely and too late.</p>",
        days_ago=420,
        tags=("AUKUS", NPT),
        picture=Picture("orbits", "violet"),
    ),
    DemoCommentary(
        slug="women-in-nuclear-diplomacy",
        title="Women in Nuclear Diplomacy",
        kind=Kind.PODCAST,
        outlet="southern-cross-radio",
        authors=(
            member("haruko-takeda"),
            member("maria-teresa-villanueva"),
            guest("Sofia Lindqvist"),
        ),
        summary="<p>Two members talk about careers spent in rooms where they were "
        "often the only women at the table, and about why diverse delegations "
        "negotiate better agreements.</p>",
        days_ago=450,
        tags=("diplomacy", "gender"),
        link_line=Link.READ_MORE,
        picture=Picture("waves", "dawn", credit="Southern Cross Radio"),
    ),
    DemoCommentary(
        slug="keeping-the-korean-peninsula-off-the-nuclear-brink",
        title="Keeping the Korean Peninsula Off the Nuclear Brink",
        kind=Kind.SPEECH,
        outlet="harbourview-institute",
        authors=(member("han-seung-woo", role="board member"),),
        summary="<p>In a keynote address, Han Seung-woo describes three crises "
        "in which misunderstanding, rather than intent, brought the two "
        "Koreas close to war, and sets out the crisis tools that would have "
        "helped.</p>",
        days_ago=470,
        tags=(KOREA, "risk reduction"),
        picture=Picture("network", "harbour"),
    ),
    DemoCommentary(
        slug="an-open-letter-on-the-legacy-of-nuclear-testing-in-the-pacific",
        title="An Open Letter on the Legacy of Nuclear Testing in the Pacific",
        kind=Kind.OPEN_LETTER,
        outlet="",
        authors=(
            member("aroha-whitcombe"),
            member("margaret-ellery"),
            guest("Samuel Tuilagi"),
            guest("Emily Hartnett"),
        ),
        summary="<p>The signatories ask the states that tested nuclear weapons "
        "in the Pacific to open their archives, fund health monitoring for "
        "affected communities and support environmental clean-up, steps they "
        "call long overdue.</p>",
        days_ago=500,
        url="https://example.org/statements/nuclear-testing-legacy-pacific",
        tags=("Pacific Islands", "nuclear testing", DISARMAMENT),
        picture=Picture("rings", "jade"),
    ),
    DemoCommentary(
        slug="vietnams-balancing-act-between-the-great-powers",
        title="Vietnam’s Balancing Act Between the Great Powers",
        kind=Kind.COMMENTARY,
        outlet="straits-morning-post",
        authors=(member("le-thi-minh-chau"),),
        summary="<p>Lê Thị Minh Châu explains how Vietnam keeps its options open "
        "by deepening partnerships with every major power while refusing "
        "alliances, foreign bases or alignment against a third country.</p>"
        "<p>The approach is more durable than it looks, she argues, because it "
        "rests on a broad consensus at home.</p>",
        days_ago=520,
        original="month",
        lag=25,
        tags=("ASEAN", "Vietnam"),
        picture=Picture("bands", "monsoon", credit=PHUC, licence=Licence.PERMISSION),
    ),
    DemoCommentary(
        slug="what-mongolia-can-teach-the-korean-peninsula",
        title="What Mongolia Can Teach the Korean Peninsula",
        kind=Kind.ARTICLE,
        outlet="lotus-quarterly",
        authors=(member("tsendsuren-batbayar"), member("yoon-ha-eun")),
        summary="<p>They compare Mongolia’s path to a recognised "
        "nuclear-weapon-free status with proposals for a Korean Peninsula "
        "free of nuclear weapons.</p>"
        "<p>The sequence matters, they argue: in Mongolia’s case assurances "
        "from its neighbours came first, and national commitments "
        "followed.</p>",
        days_ago=560,
        original="month",
        lag=45,
        tags=("Mongolia", KOREA, "nuclear-weapon-free zones"),
        picture=Picture("orbits", "sand"),
    ),
    DemoCommentary(
        slug="indonesias-non-aligned-instincts-meet-a-new-arms-race",
        title="Indonesia’s Non-Aligned Instincts Meet a New Arms Race",
        kind=Kind.COMMENTARY,
        outlet="the-seoul-ledger",
        authors=(member("wiranata"),),
        summary="<p>For Indonesia, non-alignment was never neutrality. It was a "
        "claim to judge each question on its merits.</p>"
        "<p>Faced with a new arms race in the region, that instinct should "
        "lead Jakarta not to stand aside but to convene: to bring the "
        "nuclear-armed states and their neighbours to a table none of them "
        "would sit at alone.</p>",
        days_ago=580,
        tags=("ASEAN", "arms control"),
        summary_is_excerpt=True,
        link_line=Link.ORIGINAL,
        picture=Picture("network", "jade"),
    ),
    DemoCommentary(
        slug="a-former-negotiator-on-lessons-from-the-iran-nuclear-deal",
        title="A Former Negotiator on Lessons from the Iran Nuclear Deal",
        kind=Kind.INTERVIEW,
        outlet="pacific-policy-review",
        authors=(member("c-r-anantharaman", role="board member"),),
        summary="<p>C. R. Anantharaman discusses what Asian diplomats can learn "
        "from the rise and fall of the 2015 nuclear agreement with Iran: the "
        "value of detailed verification, and the danger of agreements that "
        "depend on one government’s goodwill.</p>",
        days_ago=620,
        tags=(NPT, "diplomacy"),
        picture=Picture("rings", "sand"),
    ),
    DemoCommentary(
        slug="practical-nuclear-risk-reduction-for-the-indo-pacific",
        title="Practical Nuclear Risk Reduction for the Indo-Pacific",
        kind=Kind.REPORT,
        outlet="harbourview-institute",
        authors=(
            member("han-seung-woo", role="board member"),
            member("lin-xiaoyu"),
            member("nurul-aina-hashim"),
            guest("Hiroshi Aoki"),
        ),
        summary="<p>This report sets out twelve practical measures for reducing "
        "nuclear risk in the Indo-Pacific, grouped by how quickly they could "
        "be adopted.</p>"
        "<p>Among the quickest are launch notifications, military hotlines "
        "and joint statements that a nuclear war cannot be won; among the "
        "hardest are limits on missiles that can carry either conventional "
        "or nuclear warheads.</p>",
        days_ago=650,
        tags=("risk reduction", DISARMAMENT, "핵군축"),
        picture=Picture("network", "monsoon"),
    ),
    DemoCommentary(
        slug="chinese-perspectives-on-no-first-use",
        title="Chinese Perspectives on No First Use",
        kind=Kind.COMMENTARY,
        outlet="",
        authors=(member("lin-xiaoyu"),),
        summary="<p>Lin Xiaoyu explains why China has kept its pledge never to "
        "use nuclear weapons first, and what Chinese scholars believe other "
        "nuclear-armed states misunderstand about it.</p>",
        days_ago=680,
        original=None,
        url="https://example.com/essays/chinese-perspectives-on-no-first-use",
        tags=("no first use", "China"),
        link_line=Link.READ_MORE,
    ),
    DemoCommentary(
        slug="the-long-shadow-of-the-armistice",
        title="The Long Shadow of the Armistice",
        kind=Kind.COMMENTARY,
        outlet="the-seoul-ledger",
        authors=(member("han-seung-woo", role="board member"),),
        summary="<p>Han Seung-woo reflects on how an agreement meant to pause a "
        "war became the lasting basis of order on the Korean Peninsula, and "
        "why replacing it with a peace regime needs patience from every "
        "party.</p>",
        days_ago=715,
        original="year",
        lag=10,
        tags=(KOREA,),
        picture=Picture("bands", "ink"),
    ),
]
