"""Server-rendered SVG bar charts of report sections, each with a text alternative.

No JavaScript: the chart is an <svg role="img"> whose <title> and <desc> describe it, and
the page shows the same figures in a table beside it.
"""

from dataclasses import dataclass

from django.utils.translation import ngettext

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
BAR_AREA_WIDTH = 300
VALUE_WIDTH = 80
MAX_LABEL_CHARACTERS = 38


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    width: int
    text_y: int  # baseline of the label and value, centred on the bar
    value_x: int  # the value is written just after the end of the bar


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    label_width: int
    bars: list
    bar_height: int = BAR_HEIGHT

    @property
    def label_x(self):
        return self.label_width - 8


def short_label(label):
    label = str(label)
    return label if len(label) <= MAX_LABEL_CHARACTERS else label[: MAX_LABEL_CHARACTERS - 1] + "…"


def bar_chart(section):
    """Return a BarChart of the section's chart column, or None when it has nothing to draw.

    Suppressed counts get no bar and the label "< 5", so the chart reveals no more than
    the table.
    """
    if not section.chart or not section.rows:
        return None
    column_heading = dict(section.columns)[section.chart]
    counts = [row.figures[section.chart].current for row in section.rows]
    largest = max((count.value or 0 for count in counts), default=0)
    bars = []
    for index, (row, count) in enumerate(zip(section.rows, counts, strict=True)):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(BAR_AREA_WIDTH * (count.value or 0) / largest) if largest else 0
        bars.append(
            Bar(short_label(row.label), str(count), y, width, y + BAR_HEIGHT // 2 + 5, LABEL_WIDTH + width + 6)
        )
    top = section.rows[counts.index(max(counts, key=lambda count: count.value or 0))]
    if largest:
        description = ngettext(
            "Bar chart of %(measure)s by %(item)s, %(count)s bar. The largest is “%(label)s” with %(value)s.",
            "Bar chart of %(measure)s by %(item)s, %(count)s bars. The largest is “%(label)s” with %(value)s.",
            len(bars),
        ) % {
            "measure": str(column_heading).lower(),
            "item": str(section.label_heading).lower(),
            "count": len(bars),
            "label": top.label,
            "value": top.figures[section.chart].current,
        }
    else:
        description = ngettext(
            "Bar chart of %(measure)s by %(item)s, %(count)s bar. Every count is below the publication threshold.",
            "Bar chart of %(measure)s by %(item)s, %(count)s bars. Every count is below the publication threshold.",
            len(bars),
        ) % {"measure": str(column_heading).lower(), "item": str(section.label_heading).lower(), "count": len(bars)}
    return BarChart(
        title=str(section.title),
        description=description,
        width=LABEL_WIDTH + BAR_AREA_WIDTH + VALUE_WIDTH,
        height=len(bars) * (BAR_HEIGHT + BAR_GAP),
        label_width=LABEL_WIDTH,
        bars=bars,
    )
