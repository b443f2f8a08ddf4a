from django import template

from analytics.suppression import format_change
from hobbies.timeutils import format_local_datetime

register = template.Library()


@register.simple_tag
def figure_of(row, column):
    """Return the Figure of a report row's column, which templates cannot index by variable."""
    return row.figures[column]


@register.filter
def change_text(fig):
    return format_change(fig)


@register.filter
def local_moment(moment):
    """Format an aware datetime in Helsinki time as the page's language writes it."""
    return "" if moment is None else format_local_datetime(moment)
