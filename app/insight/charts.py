"""Lay out the insight charts as numbers that SVG templates draw.

SVG templates rather than a charting library: no dependency to keep up, the markup passes the
CSP with no inline script or style, every colour comes from the site's stylesheet (so the
charts follow the dark and light schemes and print in black on white), and each chart carries
its <title>, <desc> and a table of the same numbers for those who cannot see it.
"""

from dataclasses import dataclass

from app.opinion import CHOICES

WIDTH, HEIGHT, MARGIN = 600, 240, 40


@dataclass(frozen=True)
class Line:
    """One choice's share over time, as SVG polyline points."""

    choice: str
    points: str


def share_lines(series) -> list[Line]:
    """Turn [(day, {choice: percent})] into one polyline per choice across the chart."""
    if not series:
        return []
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    step = inner_w / max(1, len(series) - 1)
    lines = []
    for choice in CHOICES:
        points = " ".join(
            f"{MARGIN + index * step:.1f},{MARGIN + inner_h * (1 - shares[choice] / 100):.1f}"
            for index, (_, shares) in enumerate(series)
        )
        lines.append(Line(choice, points))
    return lines


def bars(before: dict[str, float], after: dict[str, float]) -> list[dict]:
    """Lay out pre/post bars per choice: x, width and the two heights in chart units."""
    inner_h = HEIGHT - 2 * MARGIN
    group = (WIDTH - 2 * MARGIN) / len(CHOICES)
    return [
        {
            "choice": choice, "x": MARGIN + index * group + group * 0.15, "width": group * 0.3,
            "before": inner_h * before[choice] / 100, "after": inner_h * after[choice] / 100,
            "before_share": before[choice], "after_share": after[choice],
        }
        for index, choice in enumerate(CHOICES)
    ]


def heat(matrix: dict[str, dict[str, int]]) -> dict:
    """Give each transition cell its share of the largest cell (0–4, for five CSS shades)."""
    largest = max((n for row in matrix.values() for n in row.values()), default=0)
    return {
        (first, last): (4 * n // largest if largest else 0)
        for first, row in matrix.items()
        for last, n in row.items()
    }


MATRIX_LABEL, MATRIX_TOP, MATRIX_CELL_W, MATRIX_CELL_H = 150, 40, 140, 64


def transition_cells(matrix: dict[str, dict[str, int]]) -> list[dict]:
    """Lay out the transition matrix as a grid, first stance down and stance now across: each
    cell's centre, the side of a square whose area grows with its count, and the count."""
    largest = max((n for row in matrix.values() for n in row.values()), default=0)
    most = MATRIX_CELL_H - 12
    return [
        {"first": first, "last": last, "n": matrix[first][last],
         "x": MATRIX_LABEL + column * MATRIX_CELL_W + MATRIX_CELL_W / 2,
         "y": MATRIX_TOP + row * MATRIX_CELL_H + MATRIX_CELL_H / 2,
         "side": round(most * (matrix[first][last] / largest) ** 0.5, 1) if largest else 0}
        for row, first in enumerate(CHOICES)
        for column, last in enumerate(CHOICES)
    ]


def distribution(counts: dict[int, int]) -> list[dict]:
    """Lay out one argument's ratings from 0 to 4 as bars: score, count and bar height."""
    largest = max(counts.values(), default=0)
    inner_h = HEIGHT - 2 * MARGIN
    step = (WIDTH - 2 * MARGIN) / 5
    return [
        {"score": score, "count": counts.get(score, 0), "x": MARGIN + score * step + step * 0.2,
         "width": step * 0.6,
         "height": inner_h * counts.get(score, 0) / largest if largest else 0}
        for score in range(5)
    ]
