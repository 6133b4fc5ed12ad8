"""The trend charts of a history: findings by severity, the workforce, posts and managers, layers and spans, one
panel each, over the snapshots' dates (so that the gaps between snapshots show).

matplotlib draws them (Agg, no display); the same history gives the same bytes (no dates or software versions
in the files, a fixed salt for SVG ids) and no text from the input is read as markup (``text.parse_math`` off).
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from orgdiag.findings import SEVERITIES
from orgdiag.over_time.dates import date_in
from orgdiag.over_time.timeline import History, SnapshotSummary
from orgdiag.render.style import SEVERITY_COLOURS
from orgdiag.render.text import clean

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Inches at this many dots per inch: 1,100 x 700 pixels, the width of a slide.
SIZE, DPI = (11.0, 7.0), 100
_STYLE: dict[str, Any] = {
    "svg.hashsalt": "orgdiag",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
}


def trend_charts(history: History) -> tuple[bytes, bytes]:
    """The charts as (SVG, PNG).

    >>> from orgdiag.over_time import history, load_snapshots
    >>> museum = "fixtures/real/uk-organogram-history/victoria_albert_museum-"
    >>> dates, parts = ("2011-03-31", "2011-09-30"), ("-senior.csv", "-junior.csv")
    >>> files = [museum + date + part for date in dates for part in parts]
    >>> svg, png = trend_charts(history(load_snapshots(files)))
    >>> svg[:5], png[1:4]
    (b'<?xml', b'PNG')
    """
    import matplotlib  # noqa: PLC0415 - imported when charts are drawn: it takes a while
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type, unused-ignore]  # its keys are rcParams: a literal type
        figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        days = [date.fromisoformat(_day(s)) for s in history.snapshots]
        panels = figure.subplots(2, 2, sharex=True)
        _findings_panel(panels[0][0], days, history.snapshots)
        _lines(panels[0][1], days, "Workforce (FTE: posts held and staff)", {"FTE": [s.fte for s in history.snapshots]})
        _lines(
            panels[1][0],
            days,
            "Posts listed and managers",
            {"posts": [s.posts for s in history.snapshots], "managers": [s.managers for s in history.snapshots]},
        )
        _lines(
            panels[1][1],
            days,
            "Layers and spans",
            {
                "reporting layers": [s.layers for s in history.snapshots],
                "median team of a manager": [s.median_span for s in history.snapshots],
            },
        )
        for panel in panels[1]:
            panel.set_xticks(days, [_tick(s) for s in history.snapshots], rotation=30, ha="right")
        for day, snapshot in zip(days, history.snapshots, strict=True):
            if snapshot.partial:
                _shade_partial(panels, day)
        figure.suptitle(f"{clean(history.organisation)}: {len(history.snapshots)} snapshots", fontsize=12)
        svg, png = io.BytesIO(), io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        figure.savefig(png, format="png", metadata={"Software": None})
    return svg.getvalue(), png.getvalue()


def _day(snapshot: SnapshotSummary) -> str:
    return snapshot.date if len(snapshot.date) == 10 else f"{snapshot.date}-15"


def _tick(snapshot: SnapshotSummary) -> str:
    """A snapshot's date; with its label too when the label is not a date (a proposal, a scenario)."""
    label = clean(snapshot.label)
    return snapshot.date if date_in(snapshot.label) is not None else f"{label}\n{snapshot.date}"


def _findings_panel(panel: Axes, days: list[date], snapshots: tuple[SnapshotSummary, ...]) -> None:
    below = [0] * len(snapshots)
    for severity in reversed(SEVERITIES):
        counts = [s.findings.get(severity, 0) for s in snapshots]
        if any(counts):
            colour = SEVERITY_COLOURS[severity][0]
            panel.bar(days, counts, width=45, bottom=below, color=colour, label=severity)  # type: ignore[arg-type, unused-ignore]
            below = [b + c for b, c in zip(below, counts, strict=True)]
    panel.set_title("Open findings by severity", loc="left")
    panel.set_ylim(0, max(max(below, default=0) * 1.2, 1))
    if any(below):
        panel.legend(loc="upper left", frameon=False, ncols=5)


def _lines(panel: Axes, days: list[date], title: str, series: dict[str, list[float] | list[int]]) -> None:
    for name, values in series.items():
        panel.plot(days, values, marker="o", label=name)  # type: ignore[arg-type, unused-ignore]  # dates are converted
    highest = max(max(values) for values in series.values())
    panel.set_ylim(0, max(highest * 1.15, 1))
    panel.set_title(title, loc="left")
    panel.grid(axis="y", alpha=0.3)
    if len(series) > 1:
        panel.legend(loc="best", frameon=False)


def _shade_partial(panels: Any, day: date) -> None:
    """A grey band behind a partial snapshot in every panel, named in the first."""
    for panel in panels.flat:
        panel.axvspan(day - timedelta(days=40), day + timedelta(days=40), color="#dddddd", zorder=0)
    top = panels[0][1]
    top.annotate("partial?", (day, 0), xytext=(0, 4), textcoords="offset points", ha="center", color="#666666")
