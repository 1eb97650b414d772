"""The textbook shapes: a generated data set of ten classes for training the textbook CNN.

Every image is drawn with numpy and Pillow at the size it will be fed to the
network (256 × 256 by default), from its own random generator seeded by
``(seed, index)``: the same seed and index always give the same pixels, any
image can be drawn on its own (in any order, in any process), and a different
seed gives a data set that shares no image with it.

Image ``index`` belongs to class ``index % 10`` (so every slice is balanced).
What varies, so that the network must learn the shape and not the picture:

* position, size and rotation (only where rotating keeps the class: a plus sign
  stays upright within ±20°, stripes stay horizontal / vertical / diagonal within
  ±8°);
* colours of the shape and of the background, with a minimum contrast;
* the background: flat, a gradient, pixel noise or a blotchy texture;
* clutter (thin lines and specks much smaller than the shape), blur and noise.

Measured on one core of the 2-core development machine: about 5 ms per 256 × 256
image when idle (about 200 per second), 14 ms under load; see ``docs/training.md``.

No torch, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from cnnviz.core.i18n import tr_noop

# The ten classes, by index: other checks (tests, the class panel, the metadata of
# the bundled weights) rely on these exact names and this order.
CLASS_NAMES: tuple[str, ...] = (
    "circle",
    "square",
    "triangle",
    "star",
    "cross",
    "ring",
    "horizontal stripes",
    "vertical stripes",
    "checkerboard",
    "diagonal stripes",
)

# What each class is, for help texts (translatable).
CLASS_MEANINGS: dict[str, str] = {
    "circle": tr_noop("a filled disc"),
    "square": tr_noop("a filled square, any rotation"),
    "triangle": tr_noop("a filled triangle"),
    "star": tr_noop("a filled five-pointed star"),
    "cross": tr_noop("a filled plus sign"),
    "ring": tr_noop("a thick circle outline, hollow"),
    "horizontal stripes": tr_noop("a patch of horizontal stripes"),
    "vertical stripes": tr_noop("a patch of vertical stripes"),
    "checkerboard": tr_noop("a patch of checkerboard"),
    "diagonal stripes": tr_noop("a patch of diagonal stripes"),
}

DEFAULT_SIZE = (256, 256)
DATASET_SEED = 2026  # the seed of the training set behind the bundled weights
HELD_OUT_SEED = 7_000_001  # the seed of its held-out set (never used for training)

Colour = np.ndarray  # (3,) float32 in [0, 1]


@dataclass(frozen=True)
class Sample:
    """One generated image: (H, W, 3) uint8 pixels and its class index."""

    pixels: np.ndarray
    label: int

    @property
    def class_name(self) -> str:
        return CLASS_NAMES[self.label]


def label_of(index: int) -> int:
    """The class of image ``index``: classes take turns, so any slice is balanced."""
    return index % len(CLASS_NAMES)


def generate(seed: int, index: int, size: tuple[int, int] = DEFAULT_SIZE, label: int | None = None) -> Sample:
    """Draw image ``index`` of the data set ``seed`` at ``size`` (height, width).

    ``label`` forces the class (the image is then still a function of seed,
    index and label only); by default it is ``label_of(index)``.
    """
    if label is None:
        label = label_of(index)
    if not 0 <= label < len(CLASS_NAMES):
        raise ValueError(f"label must be in 0..{len(CLASS_NAMES) - 1}, not {label}")
    height, width = int(size[0]), int(size[1])
    if height < 16 or width < 16:
        raise ValueError(f"images must be at least 16 × 16, not {height} × {width}")
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, int(index), int(label)])
    return Sample(_draw(rng, label, height, width), label)


def generate_batch(
    seed: int, start: int, count: int, size: tuple[int, int] = DEFAULT_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """Images ``start .. start+count-1`` of data set ``seed``: (N, H, W, 3) uint8 and (N,) int64 labels."""
    height, width = int(size[0]), int(size[1])
    images = np.empty((count, height, width, 3), np.uint8)
    labels = np.empty(count, np.int64)
    for i in range(count):
        sample = generate(seed, start + i, (height, width))
        images[i] = sample.pixels
        labels[i] = sample.label
    return images, labels


# --------------------------------------------------------------------------- drawing


def _draw(rng: np.random.Generator, label: int, height: int, width: int) -> np.ndarray:
    # Compositing is done by Pillow on 8-bit images (Image.composite is ~10x faster
    # than the same blend in float numpy on this machine).
    background, base = _background(rng, height, width)
    colour = _contrasting_colour(rng, base)
    name = CLASS_NAMES[label]
    if name in _PATTERNS:
        mask, region = _pattern(rng, name, height, width)
        # The stripes' other colour: the background itself, or a second colour.
        if rng.random() < 0.5:
            other = _contrasting_colour(rng, colour)
            background = Image.composite(Image.new("RGB", (width, height), _rgb(other)), background, region)
    else:
        mask = _shape_mask(rng, name, height, width)
    image = Image.composite(_fill(rng, colour, height, width), background, mask)
    _clutter(rng, image, height, width)
    if rng.random() < 0.5:
        image = image.filter(ImageFilter.BoxBlur(float(rng.uniform(0.4, 1.4))))
    pixels = np.asarray(image)
    if rng.random() < 0.5:
        noise = _noise(rng, pixels.shape, float(rng.uniform(2.0, 14.0)))
        pixels = np.clip(pixels + noise, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(pixels)


_NOISE_POOL_SIZE = 1 << 20
_noise_pool: np.ndarray | None = None


def _noise(rng: np.random.Generator, shape: tuple[int, ...], sigma: float) -> np.ndarray:
    """Gaussian noise of ``sigma`` (float32), cut from a fixed pool at a random offset.

    Drawing 200 000 normal numbers per image took longer than drawing the whole
    image; a window into one pool drawn once from a fixed seed is as random for
    training purposes, and just as reproducible.
    """
    global _noise_pool
    if _noise_pool is None:
        _noise_pool = np.random.default_rng(12345).standard_normal(_NOISE_POOL_SIZE, dtype=np.float32)
    count = int(np.prod(shape))
    if count > _NOISE_POOL_SIZE:  # very large images: draw them directly
        return rng.standard_normal(shape, dtype=np.float32) * np.float32(sigma)
    offset = int(rng.integers(0, _NOISE_POOL_SIZE - count + 1))
    return _noise_pool[offset : offset + count].reshape(shape) * np.float32(sigma)


def _rgb(colour: Colour) -> tuple[int, int, int]:
    r, g, b = (round(float(v) * 255) for v in colour)
    return (r, g, b)


def _to_image(array: np.ndarray) -> Image.Image:
    """A float (H, W, 3) or (H, W) array in [0, 1] as an 8-bit Pillow image."""
    return Image.fromarray(np.clip(array * 255.0 + 0.5, 0, 255).astype(np.uint8))


def _random_colour(rng: np.random.Generator) -> Colour:
    return rng.random(3).astype(np.float32)


def _contrasting_colour(rng: np.random.Generator, against: Colour, distance: float = 0.45) -> Colour:
    """A random colour at least ``distance`` (Euclidean, RGB in [0, 1]) from ``against``."""
    best = _random_colour(rng)
    best_d = float(np.linalg.norm(best - against))
    for _ in range(30):
        if best_d >= distance:
            break
        c = _random_colour(rng)
        d = float(np.linalg.norm(c - against))
        if d > best_d:
            best, best_d = c, d
    return best


def _grid(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    ys = np.arange(height, dtype=np.float32)[:, None]
    xs = np.arange(width, dtype=np.float32)[None, :]
    return ys, xs


def _background(rng: np.random.Generator, height: int, width: int) -> tuple[Image.Image, Colour]:
    """The background image and its mean colour."""
    kind = rng.integers(4)
    a = _random_colour(rng)
    if kind == 0:  # flat
        return Image.new("RGB", (width, height), _rgb(a)), a
    b = np.clip(a + rng.uniform(-0.5, 0.5, 3).astype(np.float32), 0, 1)
    mean = (a + b) / 2
    if kind == 1:  # linear gradient in a random direction, computed small and enlarged (it is linear)
        ys, xs = _grid(32, 32)
        angle = rng.uniform(0, 2 * math.pi)
        t = xs * math.cos(angle) + ys * math.sin(angle)
        t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
        small = _to_image(a * (1 - t[..., None]) + b * t[..., None])
        return small.resize((width, height), Image.Resampling.BILINEAR), mean
    if kind == 2:  # pixel noise around a colour
        noise = _noise(rng, (height, width, 3), float(rng.uniform(0.05, 0.2)))
        return _to_image(a + noise), a
    # a blotchy texture: coarse random values smoothly enlarged, between two colours
    cells = int(rng.integers(3, 12))
    t = rng.random((cells, cells, 1)).astype(np.float32)
    small = _to_image(a * (1 - t) + b * t)
    return small.resize((width, height), Image.Resampling.BICUBIC), mean


def _fill(rng: np.random.Generator, colour: Colour, height: int, width: int) -> Image.Image:
    """The shape's paint: mostly flat, sometimes shaded a little."""
    if rng.random() < 0.75:
        return Image.new("RGB", (width, height), _rgb(colour))
    ys, xs = _grid(32, 32)
    angle = rng.uniform(0, 2 * math.pi)
    t = (xs * math.cos(angle) + ys * math.sin(angle)) / 32
    shade = rng.uniform(-0.25, 0.25, 3).astype(np.float32)
    small = _to_image(np.clip(colour + t[..., None] * shade, 0, 1))
    return small.resize((width, height), Image.Resampling.BILINEAR)


def _placement(rng: np.random.Generator, height: int, width: int) -> tuple[float, float, float]:
    """Centre (x, y) and radius of a shape that fits inside the image."""
    side = min(height, width)
    radius = side * rng.uniform(0.13, 0.36)
    cx = rng.uniform(radius + 1, width - radius - 1)
    cy = rng.uniform(radius + 1, height - radius - 1)
    return float(cx), float(cy), float(radius)


def _polygon(
    cx: float, cy: float, points: list[tuple[float, float]], angle: float
) -> list[tuple[float, float]]:
    """Points given around (0, 0), rotated by ``angle`` and moved to (cx, cy)."""
    c, s = math.cos(angle), math.sin(angle)
    return [(cx + x * c - y * s, cy + x * s + y * c) for x, y in points]


_SUPERSAMPLE = 2  # shapes are drawn at twice the size and reduced: smooth edges


def _shape_mask(rng: np.random.Generator, name: str, height: int, width: int) -> Image.Image:
    cx, cy, r = _placement(rng, height, width)
    k = _SUPERSAMPLE
    canvas = Image.new("L", (width * k, height * k), 0)
    draw = ImageDraw.Draw(canvas)
    angle = rng.uniform(0, 2 * math.pi)
    if name == "circle":
        rx = r * rng.uniform(0.92, 1.0)
        draw.ellipse([(cx - rx) * k, (cy - r) * k, (cx + rx) * k, (cy + r) * k], fill=255)
    elif name == "ring":
        rx = r * rng.uniform(0.92, 1.0)
        # a thick outline: 15 % to 40 % of the radius, at least 4 pixels
        thickness = min(max(4.0, r * rng.uniform(0.15, 0.4)), 0.6 * r)
        draw.ellipse([(cx - rx) * k, (cy - r) * k, (cx + rx) * k, (cy + r) * k], fill=255)
        ix, iy = rx - thickness, r - thickness
        draw.ellipse([(cx - ix) * k, (cy - iy) * k, (cx + ix) * k, (cy + iy) * k], fill=0)
    elif name == "square":
        h = r / math.sqrt(2)  # the corners touch the circle of radius r
        pts = _polygon(cx, cy, [(-h, -h), (h, -h), (h, h), (-h, h)], angle)
        draw.polygon([(x * k, y * k) for x, y in pts], fill=255)
    elif name == "triangle":
        pts = []
        for j in range(3):
            a = 2 * math.pi * j / 3 + rng.uniform(-0.25, 0.25)
            rr = r * rng.uniform(0.85, 1.0)
            pts.append((rr * math.cos(a), rr * math.sin(a)))
        pts = _polygon(cx, cy, pts, angle)
        draw.polygon([(x * k, y * k) for x, y in pts], fill=255)
    elif name == "star":
        inner = r * rng.uniform(0.36, 0.5)
        pts = []
        for j in range(10):
            a = math.pi * j / 5
            rr = r if j % 2 == 0 else inner
            pts.append((rr * math.cos(a), rr * math.sin(a)))
        pts = _polygon(cx, cy, pts, angle)
        draw.polygon([(x * k, y * k) for x, y in pts], fill=255)
    elif name == "cross":
        t = r * rng.uniform(0.28, 0.45)  # half the arm's thickness
        arm = [(-t, -r), (t, -r), (t, -t), (r, -t), (r, t), (t, t), (t, r), (-t, r), (-t, t), (-r, t)]
        arm += [(-r, -t), (-t, -t)]
        pts = _polygon(cx, cy, arm, rng.uniform(-0.35, 0.35))  # a plus sign stays upright (±20°)
        draw.polygon([(x * k, y * k) for x, y in pts], fill=255)
    else:  # pragma: no cover - every shape class is handled above
        raise ValueError(name)
    return canvas.resize((width, height), Image.Resampling.BOX)


_PATTERNS = ("horizontal stripes", "vertical stripes", "checkerboard", "diagonal stripes")


def _pattern(rng: np.random.Generator, name: str, height: int, width: int) -> tuple[Image.Image, Image.Image]:
    """(pattern mask, region mask) of a pattern class: the pattern lies inside the region."""
    region, extent = _region(rng, height, width)
    period = float(rng.uniform(max(6.0, extent / 9), max(8.0, extent / 3.2)))
    duty = float(rng.uniform(0.35, 0.65))
    jitter = math.radians(rng.uniform(-8, 8))
    if name == "vertical stripes":
        angle = math.pi / 2 + jitter
    elif name == "diagonal stripes":
        angle = (math.pi / 4 if rng.random() < 0.5 else 3 * math.pi / 4) + jitter
    else:  # horizontal stripes, checkerboard
        angle = jitter
    ys, xs = _grid(height, width)
    c, s = math.cos(angle), math.sin(angle)
    # v runs across the stripes, u along them.
    v = (-xs * s + ys * c + rng.uniform(0, period)) / period
    if name == "checkerboard":
        u = (xs * c + ys * s + rng.uniform(0, period)) / period
        on = _soft_step(u % 1.0, 0.5, period) - 0.5
        on = 0.5 - on * (_soft_step(v % 1.0, 0.5, period) - 0.5) * 2.0  # XOR of two stripe sets
    else:
        on = _soft_step(v % 1.0, duty, period)
    pattern = Image.fromarray((on * region + 0.5).astype(np.uint8))  # region is 0..255
    return pattern, Image.fromarray(region.astype(np.uint8))


def _soft_step(phase: np.ndarray, duty: float, period: float) -> np.ndarray:
    """1 where ``phase < duty`` (phase in [0, 1)), with edges one pixel wide (anti-aliased)."""
    # distance to the nearest edge (at 0 and at duty), in pixels
    distance = np.minimum(np.abs(phase - duty), np.minimum(phase, 1.0 - phase)) * period
    edge = np.clip(distance + 0.5, 0.0, 1.0)
    return np.where(phase < duty, edge, 1.0 - edge).astype(np.float32)


def _region(rng: np.random.Generator, height: int, width: int) -> tuple[np.ndarray, float]:
    """Where a pattern is drawn (the whole image, a rectangle or a disc) as 0..255, and its size."""
    kind = rng.random()
    side = min(height, width)
    if kind < 0.2:
        return np.full((height, width), 255.0, np.float32), float(side)
    cx, cy, r = _placement(rng, height, width)
    r = max(r, side * 0.2)
    cx = float(np.clip(cx, r, width - r))
    cy = float(np.clip(cy, r, height - r))
    canvas = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    if kind < 0.65:
        rx, ry = r * rng.uniform(0.75, 1.0), r * rng.uniform(0.75, 1.0)
        draw.rectangle([cx - rx, cy - ry, cx + rx, cy + ry], fill=255)
    else:
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    return np.asarray(canvas, np.float32), 2 * r


def _clutter(rng: np.random.Generator, image: Image.Image, height: int, width: int) -> None:
    """A few thin lines and small specks, much smaller than any shape (drawn in place)."""
    count = int(rng.integers(0, 5))
    if count == 0:
        return
    draw = ImageDraw.Draw(image)
    side = min(height, width)
    for _ in range(count):
        colour = _rgb(_random_colour(rng))
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        if rng.random() < 0.5:
            length = side * rng.uniform(0.05, 0.2)
            a = rng.uniform(0, 2 * math.pi)
            end = (x + length * math.cos(a), y + length * math.sin(a))
            draw.line([(x, y), end], fill=colour, width=int(rng.integers(1, 3)))
        else:
            rr = 1.0 + side * rng.uniform(0.002, 0.015)
            draw.ellipse([x - rr, y - rr, x + rr, y + rr], fill=colour)
