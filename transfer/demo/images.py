"""Draw the demo pictures with Pillow: abstract banners and placeholder portraits.

Each drawing is seeded by its key, so the same key always gives the same
picture, and `describe()` returns alt text that says what is really drawn.
"""

import io
import math
import random

from PIL import Image, ImageDraw

BANNER_SIZE = (1200, 675)  # 16:9, the size of a sharing preview card
PORTRAIT_SIZE = (720, 900)  # 4:5

# name: (words for the alt text, four corner colours, accent colours)
PALETTES = {
    "harbour": (
        "deep blue and gold",
        [(12, 34, 74), (26, 70, 122), (18, 52, 96), (196, 150, 58)],
        [(240, 200, 110), (255, 236, 190), (120, 170, 220)],
    ),
    "dawn": (
        "rose and amber",
        [(120, 46, 78), (214, 112, 96), (170, 70, 90), (246, 186, 110)],
        [(255, 224, 170), (255, 170, 150), (250, 240, 230)],
    ),
    "jade": (
        "jade green and slate",
        [(22, 66, 60), (56, 120, 100), (44, 62, 74), (120, 170, 140)],
        [(190, 230, 200), (240, 250, 240), (100, 160, 150)],
    ),
    "ink": (
        "charcoal and vermilion",
        [(28, 28, 34), (58, 56, 64), (40, 38, 46), (120, 40, 34)],
        [(226, 74, 51), (240, 230, 220), (160, 150, 150)],
    ),
    "monsoon": (
        "teal and storm grey",
        [(30, 74, 90), (84, 110, 122), (20, 50, 64), (130, 160, 168)],
        [(200, 230, 236), (90, 190, 200), (245, 245, 240)],
    ),
    "sand": (
        "sand and terracotta",
        [(214, 190, 150), (182, 110, 74), (230, 214, 180), (150, 84, 60)],
        [(120, 60, 40), (255, 246, 230), (90, 70, 60)],
    ),
    "violet": (
        "violet and silver",
        [(52, 36, 92), (96, 74, 140), (40, 30, 70), (170, 160, 200)],
        [(220, 214, 240), (190, 170, 255), (250, 250, 255)],
    ),
}

MOTIFS = {
    "rings": "concentric rings spreading from a bright point",
    "waves": "layered waves across the frame",
    "network": "a network of dots joined by fine lines",
    "bands": "diagonal bands of light",
    "orbits": "crossing elliptical orbits",
}


def describe(motif, palette):
    """Return alt text for a banner: what the drawing shows, in plain words."""
    return f"Abstract illustration: {MOTIFS[motif]}, in {PALETTES[palette][0]}."


def describe_portrait(name, palette):
    """Return alt text for a placeholder portrait of the named person."""
    return (
        f"Placeholder portrait of {name}: a head-and-shoulders silhouette "
        f"on a background in {PALETTES[palette][0]}."
    )


def draw_banner(key, motif, palette):
    """Return the JPEG bytes of a 1200×675 abstract banner."""
    rng = random.Random(f"banner:{key}")
    _, corners, accents = PALETTES[palette]
    base = _gradient(BANNER_SIZE, corners)
    layer = Image.new("RGBA", BANNER_SIZE, (0, 0, 0, 0))
    DRAWERS[motif](ImageDraw.Draw(layer), BANNER_SIZE, rng, accents)
    return _jpeg(Image.alpha_composite(base, layer))


def draw_portrait(key, palette):
    """Return the JPEG bytes of a 720×900 head-and-shoulders silhouette."""
    rng = random.Random(f"portrait:{key}")
    _, corners, accents = PALETTES[palette]
    width, height = PORTRAIT_SIZE
    base = _gradient(PORTRAIT_SIZE, corners)
    layer = Image.new("RGBA", PORTRAIT_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    tone = (*rng.choice(accents), 210)
    centre = width // 2 + rng.randint(-30, 30)
    head = 135
    draw.ellipse(
        (centre - head, 330 - head, centre + head, 330 + head * 1.2), fill=tone
    )
    draw.ellipse((centre - 300, 560, centre + 300, height + 420), fill=tone)
    return _jpeg(Image.alpha_composite(base, layer))


def _gradient(size, corners):
    """Blend four corner colours smoothly across an image of the given size."""
    seed = Image.new("RGB", (2, 2))
    seed.putdata(corners)
    return seed.resize(size, Image.Resampling.BILINEAR).convert("RGBA")


def _jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _rgba(colour, alpha):
    return (*colour, alpha)


def _rings(draw, size, rng, accents):
    width, height = size
    cx, cy = rng.randint(width // 4, width * 3 // 4), rng.randint(height // 4, height)
    for n, radius in enumerate(range(30, width, rng.randint(38, 60))):
        colour = _rgba(accents[n % len(accents)], max(30, 200 - n * 9))
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        draw.ellipse(box, outline=colour, width=rng.randint(2, 6))
    draw.ellipse((cx - 14, cy - 14, cx + 14, cy + 14), fill=_rgba(accents[1], 255))


def _waves(draw, size, rng, accents):
    width, height = size
    for n in range(9):
        baseline = height * (n + 2) / 11
        amplitude = rng.uniform(12, 46)
        length = rng.uniform(260, 520)
        phase = rng.uniform(0, math.tau)
        points = [
            (x, baseline + amplitude * math.sin(x / length * math.tau + phase))
            for x in range(0, width + 12, 12)
        ]
        colour = _rgba(accents[n % len(accents)], 70 + n * 15)
        draw.line(points, fill=colour, width=rng.randint(3, 8), joint="curve")


def _network(draw, size, rng, accents):
    width, height = size
    nodes = [
        (rng.randint(40, width - 40), rng.randint(40, height - 40)) for _ in range(34)
    ]
    for a, (x1, y1) in enumerate(nodes):
        for x2, y2 in nodes[a + 1 :]:
            if math.dist((x1, y1), (x2, y2)) < 230:
                draw.line((x1, y1, x2, y2), fill=_rgba(accents[2], 110), width=2)
    for x, y in nodes:
        radius = rng.randint(5, 15)
        colour = _rgba(rng.choice(accents[:2]), 235)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def _bands(draw, size, rng, accents):
    width, height = size
    x = -height
    while x < width:
        band = rng.randint(40, 140)
        colour = _rgba(rng.choice(accents), rng.randint(40, 120))
        draw.polygon(
            [(x, height), (x + band, height), (x + band + height, 0), (x + height, 0)],
            fill=colour,
        )
        x += band + rng.randint(30, 110)


def _orbits(draw, size, rng, accents):
    width, height = size
    cx, cy = width // 2, height // 2
    for n in range(7):
        rx, ry = rng.randint(180, 560), rng.randint(60, 300)
        tilt = rng.uniform(0, math.pi)
        points = [
            (
                cx
                + rx * math.cos(t) * math.cos(tilt)
                - ry * math.sin(t) * math.sin(tilt),
                cy
                + rx * math.cos(t) * math.sin(tilt)
                + ry * math.sin(t) * math.cos(tilt),
            )
            for t in (i * math.tau / 180 for i in range(181))
        ]
        colour = _rgba(accents[n % len(accents)], 150)
        draw.line(points, fill=colour, width=3, joint="curve")
    draw.ellipse((cx - 22, cy - 22, cx + 22, cy + 22), fill=_rgba(accents[0], 255))


DRAWERS = {
    "rings": _rings,
    "waves": _waves,
    "network": _network,
    "bands": _bands,
    "orbits": _orbits,
}
