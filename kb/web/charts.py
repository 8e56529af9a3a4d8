"""Geometry of the inline SVG charts: records per year, and a year-by-topic grid.

Charts are drawn on the server as plain SVG so they work without JavaScript and under a CSP
that forbids inline script and style: templates only place the shapes computed here, using
presentation attributes (`fill`, `fill-opacity`), never `style`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

BAR_AREA_HEIGHT = 120
BAR_WIDTH = 28
BAR_GAP = 8
LABEL_HEIGHT = 18
COUNT_HEIGHT = 14
CELL_WIDTH = 44
CELL_HEIGHT = 24
ROW_LABEL_WIDTH = 170


@dataclass(frozen=True)
class Bar:
    """One year's bar; `y` and `height` are in chart units, origin top left."""

    year: str
    count: int
    x: int
    y: float
    height: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: int
    bars: tuple[Bar, ...]
    bar_width: int = BAR_WIDTH


@dataclass(frozen=True)
class Cell:
    """One (topic, year) square of the grid; `opacity` grows with the count."""

    year: str
    topic: str
    count: int
    x: int
    y: int
    opacity: float


@dataclass(frozen=True)
class Grid:
    width: int
    height: int
    columns: tuple[tuple[str, int], ...]  # (year, x of the column centre)
    rows: tuple[tuple[str, int], ...]  # (topic, y of the row baseline)
    cells: tuple[Cell, ...]
    cell_width: int = CELL_WIDTH - 2
    cell_height: int = CELL_HEIGHT - 2


def year_span(years: Sequence[str]) -> list[str]:
    """Every year from the first to the last, so gaps show as empty columns, not vanish."""
    numeric = sorted(int(y) for y in years if y.isdigit())
    if not numeric:
        return []
    return [str(y) for y in range(numeric[0], numeric[-1] + 1)]


def year_bars(counts: Mapping[str, int]) -> BarChart | None:
    """Bars for records per year, scaled to the busiest year; None when nothing is dated."""
    years = year_span(list(counts))
    if not years:
        return None
    top = max(counts.get(y, 0) for y in years) or 1
    baseline = COUNT_HEIGHT + BAR_AREA_HEIGHT
    bars = []
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        height = BAR_AREA_HEIGHT * count / top
        bars.append(
            Bar(
                year,
                count,
                BAR_GAP + index * (BAR_WIDTH + BAR_GAP),
                round(baseline - height, 1),
                round(height, 1),
            )
        )
    width = BAR_GAP + len(years) * (BAR_WIDTH + BAR_GAP)
    return BarChart(width, baseline + LABEL_HEIGHT, baseline, tuple(bars))


def year_topic_grid(counts: Mapping[tuple[str, str], int], topics: Sequence[str]) -> Grid | None:
    """A grid of records per (year, topic): rows in `topics` order, only topics that occur."""
    years = year_span([year for year, _ in counts])
    present = [t for t in topics if any(counts.get((y, t), 0) for y in years)]
    if not years or not present:
        return None
    top = max(counts.values()) or 1
    columns = tuple(
        (year, ROW_LABEL_WIDTH + i * CELL_WIDTH + CELL_WIDTH // 2) for i, year in enumerate(years)
    )
    rows = tuple(
        (topic, LABEL_HEIGHT + i * CELL_HEIGHT + CELL_HEIGHT * 2 // 3)
        for i, topic in enumerate(present)
    )
    cells = tuple(
        Cell(
            year,
            topic,
            count,
            ROW_LABEL_WIDTH + col * CELL_WIDTH + 1,
            LABEL_HEIGHT + row * CELL_HEIGHT + 1,
            round(0.15 + 0.85 * count / top, 2),
        )
        for row, topic in enumerate(present)
        for col, year in enumerate(years)
        if (count := counts.get((year, topic), 0))
    )
    return Grid(
        ROW_LABEL_WIDTH + len(years) * CELL_WIDTH,
        LABEL_HEIGHT + len(present) * CELL_HEIGHT,
        columns,
        rows,
        cells,
    )
