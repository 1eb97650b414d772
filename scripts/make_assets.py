"""Draw assets/shapes.png, the project's own test card (CC0).

Run: python scripts/make_assets.py
"""

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw


def main() -> None:
    size = 256
    y, x = np.mgrid[0:size, 0:size]
    rgb = np.zeros((size, size, 3), np.float32)
    rgb[..., 0] = x / size  # red grows to the right
    rgb[..., 1] = y / size  # green grows downwards
    rgb[..., 2] = 0.5
    image = Image.fromarray((rgb * 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.rectangle([24, 24, 104, 104], fill=(240, 240, 240))
    draw.ellipse([140, 24, 232, 116], fill=(20, 20, 20))
    draw.polygon([(64, 140), (24, 232), (104, 232)], fill=(250, 210, 0))
    for i in range(8):  # vertical stripes: strong horizontal gradients
        colour = (255, 255, 255) if i % 2 else (0, 0, 0)
        draw.line([(140 + i * 12, 140), (140 + i * 12, 232)], fill=colour, width=6)
    draw.line([(120, 0), (120, 255)], fill=(0, 0, 0), width=2)
    out = Path(__file__).resolve().parents[1] / "assets" / "shapes.png"
    image.save(out, optimize=True)
    print(out)


if __name__ == "__main__":
    main()
