"""Draw the youth app's PNG icons with Pillow into youth/static/youth/icons/.

The icons are committed, so this runs only when the design changes. The drawing is plain
shapes (a white "H" and a yellow dot on the brand blue), so no font is needed and the
output is the same on every machine with the same Pillow version.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

ICON_DIR = Path(__file__).resolve().parents[2] / "static" / "youth" / "icons"
BLUE = (11, 83, 148, 255)
WHITE = (255, 255, 255, 255)
YELLOW = (255, 191, 71, 255)
# Drawn at 4x and scaled down, which smooths the edges.
OVERSAMPLE = 4
# name: (size in pixels, maskable). A maskable icon fills the square and keeps its mark
# inside the central 80 % circle that launchers never crop.
ICONS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "maskable-512.png": (512, True),
    "apple-touch-icon-180.png": (180, True),
    "favicon-32.png": (32, False),
}


def draw_icon(size, maskable):
    canvas = size * OVERSAMPLE
    image = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle([0, 0, canvas, canvas], fill=BLUE)
        mark = canvas * 0.56
    else:
        draw.rounded_rectangle([0, 0, canvas - 1, canvas - 1], radius=canvas * 0.2, fill=BLUE)
        mark = canvas * 0.68
    left = (canvas - mark) / 2
    top = (canvas - mark) / 2
    stroke = mark * 0.2
    draw.rectangle([left, top, left + stroke, top + mark], fill=WHITE)
    draw.rectangle([left + mark - stroke, top, left + mark, top + mark], fill=WHITE)
    draw.rectangle([left, top + mark * 0.42, left + mark, top + mark * 0.42 + stroke], fill=WHITE)
    dot = mark * 0.24
    draw.ellipse([left + mark - dot * 0.5, top - dot * 0.5, left + mark + dot * 0.5, top + dot * 0.5], fill=YELLOW)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the youth app's PNG icons into youth/static/youth/icons/."

    def handle(self, *args, **options):
        ICON_DIR.mkdir(parents=True, exist_ok=True)
        for name, (size, maskable) in ICONS.items():
            draw_icon(size, maskable).save(ICON_DIR / name, optimize=True)
            self.stdout.write(f"Wrote {ICON_DIR / name} ({size}x{size})")
