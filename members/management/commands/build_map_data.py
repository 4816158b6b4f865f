"""Extract, crop and simplify the outlines the member maps draw, into `members/mapdata/*.json`.

A build step, run by hand when the boundary data or the crop changes (`make mapdata`): it reads the
SVG outlines shipped in two PyPI packages (`pygal_maps_world`, countries keyed by ISO 3166-1 alpha-2
codes, and `pygal_maps_ru`, Russia's federal subjects keyed by ISO 3166-2 codes), both under the
GNU LGPL v3 or later, and writes small JSON files that the site reads at run time. The packages are
in requirements-dev.txt only: production never imports them.
"""

import importlib.resources
import json
import math
import re
from pathlib import Path

from defusedxml import ElementTree
from django.core.management.base import BaseCommand, CommandError

MAPDATA = Path(__file__).resolve().parents[2] / "mapdata"
SVG = "{http://www.w3.org/2000/svg}"
# Northern Europe and Russia in the world map's own (Miller-like) projection: Iceland to Chukotka,
# the Alps to the Arctic islands. The width the site draws it at is `WIDTH` units.
COUNTRY_CROP = (1165.0, 12.0, 2330.0, 335.0)
WIDTH = 1000
# Shapes smaller than this (width and height, in output units) also get a dot to see and click.
DOT_BELOW = 12
# Simplification tolerance, in output units (a 1,000-unit map drawn 600 px wide: half a pixel or so).
TOLERANCE = {"countries": 1.2, "russia": 1.0}
SOURCES = {
    "countries": ("pygal_maps_world", "worldmap.svg", "pygal_maps_world 1.0.2 (Kozea), GNU LGPL v3+"),
    "russia": ("pygal_maps_ru", "russia.svg", "pygal_maps_ru 1.0.1.1 (burevol; map by SmartTeleMax), GNU LGPL v3+"),
}

TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}


def parse_path(d: str, offset=(0.0, 0.0)) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path as absolute points (curves by their end points: simplification follows)."""
    rings, ring, x, y, start = [], [], 0.0, 0.0, (0.0, 0.0)
    tokens, i, command = TOKEN.findall(d), 0, None
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
        if command in "Zz":
            x, y = start
            rings, ring = _close(rings, ring), []
            continue
        n = ARITY[command.upper()]
        args, i = [float(t) for t in tokens[i : i + n]], i + n
        relative = command.islower()
        if command in "Hh":
            x = args[0] + (x if relative else 0)
        elif command in "Vv":
            y = args[0] + (y if relative else 0)
        else:
            x, y = (args[-2] + x, args[-1] + y) if relative else (args[-2], args[-1])
        if command in "Mm":
            rings, ring = _close(rings, ring), []
            start = (x, y)
            command = "l" if relative else "L"  # further pairs after a move are lines
        ring.append((x + offset[0], y + offset[1]))
    return _close(rings, ring)


def _close(rings, ring):
    return [*rings, ring] if len(ring) >= 3 else rings


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker: the points that keep the line within `tolerance` of the original."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, None
        for k in range(first + 1, last):
            distance = _distance(points[k], points[first], points[last])
            if distance > far:
                far, index = distance, k
        if index is not None and far > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[k] for k in sorted(keep)]


def _distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    length = math.hypot(bx - ax, by - ay)
    if not length:
        return math.hypot(px - ax, py - ay)
    return abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length


def clip(ring: list, box: tuple) -> list:
    """Sutherland-Hodgman: the part of the ring inside `box` (left, top, right, bottom)."""
    left, top, right, bottom = box
    edges = [
        (lambda p: p[0] >= left, lambda a, b: _cross_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cross_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _cross_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _cross_y(a, b, bottom)),
    ]
    for inside, cross in edges:
        points, ring = ring, []
        for k, current in enumerate(points):
            previous = points[k - 1]
            if inside(current):
                if not inside(previous):
                    ring.append(cross(previous, current))
                ring.append(current)
            elif inside(previous):
                ring.append(cross(previous, current))
        if not ring:
            return []
    return ring


def _cross_x(a, b, x):
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _cross_y(a, b, y):
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def to_path(rings: list) -> str:
    """Rings of integer points as a compact SVG path: an absolute move, then relative lines."""
    parts = []
    for ring in rings:
        (x, y), steps = ring[0], []
        for px, py in ring[1:]:
            steps.append(f"{px - x} {py - y}".replace(" -", "-"))
            x, y = px, py
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


def outline(rings: list, *, box: tuple, scale: float, tolerance: float) -> str:
    """Clip to `box`, move its corner to 0,0, scale, simplify and round; drop rings too small to see."""
    kept = []
    for ring in rings:
        ring = clip(ring, box)
        ring = [((x - box[0]) * scale, (y - box[1]) * scale) for x, y in ring]
        if len(ring) < 3 or _area(ring) < tolerance * tolerance * 2:
            continue
        ring = simplify([*ring, ring[0]], tolerance)[:-1]
        ring = [(round(x), round(y)) for x, y in ring]
        ring = [p for k, p in enumerate(ring) if p != ring[k - 1]]
        if len(ring) >= 3:
            kept.append(ring)
    return to_path(kept)


def _area(ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True))) / 2


def read_shapes(package: str, filename: str) -> dict[str, list]:
    """{code: rings} from the package's SVG: countries by their group's class, regions by the path's id."""
    try:
        source = importlib.resources.files(package).joinpath(filename).read_text(encoding="utf-8")
    except ModuleNotFoundError as error:
        raise CommandError(f"{package} is not installed: pip install -r requirements-dev.txt") from error
    shapes: dict[str, list] = {}
    for group in ElementTree.fromstring(source).iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        if "country" in classes:
            code = classes[0].upper()
        elif "region" in classes:
            code = classes[0]
        else:
            continue
        for path in group.iter(f"{SVG}path"):
            shapes.setdefault(code, []).extend(parse_path(path.get("d", ""), _translation(path)))
    return shapes


def _translation(path) -> tuple[float, float]:
    match = re.fullmatch(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", path.get("transform", "").strip())
    return (float(match[1]), float(match[2])) if match else (0.0, 0.0)


def build(name: str) -> dict:
    package, filename, source = SOURCES[name]
    shapes = read_shapes(package, filename)
    if name == "countries":
        box = COUNTRY_CROP
    else:
        xs, ys = zip(*(p for rings in shapes.values() for ring in rings for p in ring), strict=True)
        box = (min(xs), min(ys), max(xs), max(ys))
    scale = WIDTH / (box[2] - box[0])
    paths = {code: outline(rings, box=box, scale=scale, tolerance=TOLERANCE[name]) for code, rings in shapes.items()}
    paths = {code: path for code, path in sorted(paths.items()) if path}
    return {
        "source": source,
        "width": WIDTH,
        "height": math.ceil((box[3] - box[1]) * scale),
        "shapes": paths,
        "dots": {code: dot for code, rings in shapes.items() if code in paths and (dot := small(rings, box, scale))},
    }


def small(rings: list, box: tuple, scale: float) -> list[int] | None:
    """The centre [x, y] of a shape too small to see at the map's size (within the crop), else None."""
    points = [p for ring in rings for p in clip(ring, box)]
    xs, ys = [(x - box[0]) * scale for x, _ in points], [(y - box[1]) * scale for _, y in points]
    if max(xs) - min(xs) >= DOT_BELOW or max(ys) - min(ys) >= DOT_BELOW:
        return None
    return [round((max(xs) + min(xs)) / 2), round((max(ys) + min(ys)) / 2)]


class Command(BaseCommand):
    help = "Rebuild members/mapdata/*.json from the boundary packages in requirements-dev.txt."

    def handle(self, *args, **options):
        MAPDATA.mkdir(exist_ok=True)
        for name in SOURCES:
            data = build(name)
            target = MAPDATA / f"{name}.json"
            target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
            size = target.stat().st_size
            self.stdout.write(f"{target.name}: {len(data['shapes'])} shapes, {size // 1024} KiB")
