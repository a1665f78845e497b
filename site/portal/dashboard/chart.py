"""Geometry of the server-side SVG bar chart (rendered by dashboard/includes/chart.html).

Horizontal bars, because territory names are long; each bar carries a tick at
its unit's target. Colour is never the only carrier of meaning: values are
printed at the bars, and the table below the chart is its text alternative.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from .indicators import Kind
from .tables import IndicatorTable

WIDTH = 760
LABEL_WIDTH = 300
VALUE_WIDTH = 90
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH
ROW_HEIGHT = 26
BAR_HEIGHT = 16
TOP = 16
BOTTOM = 28
LABEL_CHARS = 40
TICKS = 4

NICE_STEPS = tuple(
    Decimal(s) for s in ("1", "1.2", "1.6", "2", "2.4", "3", "4", "6", "8")
)

COLOURS = {True: "#1b7f3b", False: "#b3261e", None: "#1f5fa8"}


def _n(value: float) -> str:
    """An SVG coordinate: dot decimal whatever the locale (templates would localise floats)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value_text: str
    status: str
    colour: str
    bar_x: str
    bar_y: str
    bar_width: str
    bar_height: str
    label_x: str
    value_x: str
    text_y: str
    #: The target tick (None without a target).
    target_x: str | None
    target_y1: str
    target_y2: str


@dataclass(frozen=True)
class Tick:
    x: str
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    tick_label_y: int
    bars: list[Bar]
    ticks: list[Tick]
    has_targets: bool


def _fmt(value) -> str:
    if isinstance(value, Decimal):
        return number_format(value, 1 if value != value.to_integral() else 0)
    return number_format(value)


def _nice_ceiling(value: Decimal) -> Decimal:
    """The smallest "round" number not below `value` whose quarters are round too."""
    exponent = Decimal(10) ** (value.adjusted())
    for step in NICE_STEPS:
        if exponent * step >= value:
            return exponent * step
    return exponent * 10


def _scale_max(table: IndicatorTable) -> Decimal:
    numbers = [
        Decimal(v)
        for r in table.rows
        for v in (r.value.value if r.has_value else None, r.target)
        if v is not None
    ]
    top = max(numbers, default=Decimal(0))
    if table.indicator.kind == Kind.SHARE and top <= 100:
        return Decimal(100)
    return _nice_ceiling(top) if top > 0 else Decimal(1)


def build_chart(table: IndicatorTable, status_labels: dict) -> Chart | None:
    """Chart geometry for the table's rows (the total is not drawn), or None."""
    if not table.rows:
        return None
    scale = _scale_max(table)
    unit = table.indicator.unit

    def x(value) -> float:
        return LABEL_WIDTH + float(Decimal(value) / scale) * PLOT_WIDTH

    bars = []
    for index, row in enumerate(table.rows):
        y = TOP + index * ROW_HEIGHT
        label = row.label
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        value_text = f"{_fmt(row.value.value)} {unit}".strip() if row.has_value else "—"
        width = x(row.value.value) - LABEL_WIDTH if row.has_value else 0
        bars.append(
            Bar(
                label=short,
                full_label=label,
                value_text=value_text,
                status=status_labels[row.met],
                colour=COLOURS[row.met],
                bar_x=_n(LABEL_WIDTH),
                bar_y=_n(y + (ROW_HEIGHT - BAR_HEIGHT) / 2),
                bar_width=_n(width),
                bar_height=_n(BAR_HEIGHT),
                label_x=_n(LABEL_WIDTH - 8),
                value_x=_n(LABEL_WIDTH + PLOT_WIDTH + 6),
                text_y=_n(y + ROW_HEIGHT / 2 + 4),
                target_x=_n(x(row.target)) if row.target is not None else None,
                target_y1=_n(y + 1),
                target_y2=_n(y + ROW_HEIGHT - 1),
            )
        )
    plot_bottom = TOP + len(bars) * ROW_HEIGHT
    ticks = [
        Tick(_n(LABEL_WIDTH + PLOT_WIDTH * i / TICKS), _fmt(scale * i / TICKS))
        for i in range(TICKS + 1)
    ]
    return Chart(
        width=WIDTH,
        height=plot_bottom + BOTTOM,
        plot_top=TOP,
        plot_bottom=plot_bottom,
        tick_label_y=plot_bottom + 16,
        bars=bars,
        ticks=ticks,
        has_targets=any(b.target_x is not None for b in bars),
    )
