"""Reading SVG drawn by vl-convert: Vega-Lite specs are checked by rendering them, not by reading them."""
from __future__ import annotations

import re
from typing import Any

import vl_convert

_MARK_GROUP = re.compile(r'<g class="mark-(\w+) role-mark[^"]*"([^>]*?)(/?)>')
_ITEM = re.compile(r'<[^>]*role="graphics-symbol"[^>]*>')
_AXIS_LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)


def render_svg(spec: dict[str, Any]) -> str:
    return vl_convert.vegalite_to_svg(spec)


def marks(svg: str) -> dict[str, int]:
    """How many items (bars, arcs, points, lines, texts) each kind of mark drew where the eye sees them, e.g.
    {"rect": 3}: hidden hit areas (a hover's voronoi cells) and a hover's points, invisible until hovered, are
    not drawn."""
    counts: dict[str, int] = {}
    for match in _MARK_GROUP.finditer(svg):
        if 'aria-hidden="true"' in match.group(2):
            continue
        # A mark group's items are flat children, so the group ends at the first closing tag; an empty group
        # closes itself.
        body = "" if match.group(3) else svg[match.end():svg.index("</g>", match.end())]
        items = _ITEM.findall(body)
        shown = [i for i in items if 'opacity="0"' not in i]
        if items and not shown:
            continue
        counts[match.group(1)] = counts.get(match.group(1), 0) + len(shown)
    return counts


def axis_labels(svg: str) -> list[str]:
    """The tick labels of every axis, in drawing order."""
    return [text for group in _AXIS_LABELS.findall(svg) for text in re.findall(r">([^<>]*)</text>", group)]


def mark_texts(svg: str) -> list[str]:
    """The texts drawn by text marks (a number card's number)."""
    groups = re.findall(r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    return [text for group in groups for text in re.findall(r">([^<>]*)</text>", group)]
