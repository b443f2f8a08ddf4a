"""The category tree: depth-first order, levels and subtree lookups."""

import logging

from django.db import transaction
from django.db.models import Q

from .models import HobbyCategory

logger = logging.getLogger(__name__)

SORT_KEY_WIDTH = 4


@transaction.atomic
def rebuild_category_tree():
    """Recompute tree_id, level and sort_key of every category from the parent links.

    Siblings are ordered by their Finnish name, so the depth-first order is alphabetical
    within each branch. Categories caught in a parent cycle are made roots and logged.
    """
    categories = list(HobbyCategory.objects.all())
    children = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    for siblings in children.values():
        siblings.sort(key=lambda category: ((category.name_fi or category.name or "").casefold(), category.pk))

    visited = set()
    changed = []

    def visit(category, tree_id, level, sort_key):
        visited.add(category.pk)
        if (category.tree_id, category.level, category.sort_key) != (tree_id, level, sort_key):
            category.tree_id, category.level, category.sort_key = tree_id, level, sort_key
            changed.append(category)
        for position, child in enumerate(children.get(category.pk, []), start=1):
            if child.pk not in visited:
                visit(child, tree_id, level + 1, f"{sort_key}.{position:0{SORT_KEY_WIDTH}d}")

    roots = children.get(None, [])
    for position, root in enumerate(roots, start=1):
        visit(root, position, 0, f"{position:0{SORT_KEY_WIDTH}d}")

    orphans = [category for category in categories if category.pk not in visited]
    for offset, category in enumerate(orphans, start=len(roots) + 1):
        logger.warning("Category %s is in a parent cycle; making it a root", category.pk)
        category.parent = None
        HobbyCategory.objects.filter(pk=category.pk).update(parent=None)
        visit(category, offset, 0, f"{offset:0{SORT_KEY_WIDTH}d}")

    HobbyCategory.objects.bulk_update(changed, ["tree_id", "level", "sort_key"], batch_size=500)
    return len(changed)


def subtree_q(categories, *, field="sort_key"):
    """Return a Q over HobbyCategory for the given categories and all their descendants."""
    condition = Q(pk__in=[])
    for category in categories:
        condition |= Q(**{field: category.sort_key}) | Q(**{f"{field}__startswith": category.sort_key + "."})
    return condition


def subtree_ids(category_ids):
    """Return the ids of the given categories and all their descendants."""
    roots = list(HobbyCategory.objects.filter(pk__in=list(category_ids)).only("pk", "sort_key"))
    if not roots:
        return set()
    return set(HobbyCategory.objects.filter(subtree_q(roots)).values_list("pk", flat=True))


def ancestors(category):
    """Return the category's ancestors, root first."""
    chain = []
    seen = {category.pk}
    current = category.parent
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return list(reversed(chain))
