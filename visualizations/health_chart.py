"""A small inline-SVG line chart of an account's health index over time (no chart library)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["HealthPoint", "HealthChart", "build_health_chart"]


class HealthPoint(BaseModel):
    """One dated index value and its position in SVG units."""

    date: str
    index: float
    x: float
    y: float


class HealthChart(BaseModel):
    """The polyline of the series on a fixed 0..100 scale, and the last value."""

    w: int
    h: int
    points: list[HealthPoint]
    polyline: str
    last: float
    drop: float  # share the index fell from its highest value to the last one (0 if none)


def build_health_chart(series: Any, width: int = 260, height: int = 70) -> HealthChart | None:
    """The chart of a HealthSeries (or a list of HealthIndex); None with fewer than two points.

    y maps the index 0..100 linearly to the chart's height, so drops are to scale.
    """
    data = getattr(series, "data", series) or []
    values = [(str(h.as_of), float(h.index)) for h in data]
    if len(values) < 2:
        return None
    pad = 4
    step = (width - 2 * pad) / (len(values) - 1)
    points = [
        HealthPoint(
            date=day,
            index=round(value, 1),
            x=round(pad + i * step, 1),
            y=round(pad + (100 - value) / 100 * (height - 2 * pad), 1),
        )
        for i, (day, value) in enumerate(values)
    ]
    peak, last = max(v for _, v in values), values[-1][1]
    return HealthChart(
        w=width,
        h=height,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        last=round(last, 1),
        drop=round((peak - last) / peak, 3) if peak > 0 else 0.0,
    )
