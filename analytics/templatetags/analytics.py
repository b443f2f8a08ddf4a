from django import template

from analytics.suppression import format_change

register = template.Library()


@register.simple_tag
def figure_of(row, column):
    """Return the Figure of a report row's column, which templates cannot index by variable."""
    return row.figures[column]


@register.filter
def change_text(fig):
    return format_change(fig)
