"""Search in Finnish, Swedish and English over hobbies, without a full-text extension.

Index: the words come from a hobby's names and descriptions and from the names of its
categories and their ancestors, in each language. Each word is stemmed with the Snowball
stemmer of its language (PyStemmer) and stored once per hobby in HobbySearchTerm, with the
weight of its best field (name 3, category 2, description 1). Descriptions are converted to plain text
first, so tags and attributes are never indexed.

Query: each word is stemmed with all three stemmers, because a query does not say its
language. A word matches a hobby when one of the hobby's terms starts with the part that
the word and its stem share ("jalkapalloa" has the Finnish stem "jalkapalo", so the prefix
is "jalkapal", which finds both "jalkapallo" and the compound "jalkapallokerho"). Every word
must match. The rank is the sum, over the words, of the best weight each word matched.

Prefix lookups use the index on `term`: a range on SQLite, whose default BINARY collation
orders by code point, and LIKE 'prefix%' on PostgreSQL, where Django adds a
varchar_pattern_ops index that serves it under any database collation.

See docs/search.md for why this design was chosen.
"""

import itertools
import json
import logging
import re
import threading
import unicodedata

import Stemmer
from django.db import connection, transaction
from django.db.models import BooleanField, Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from core.text import html_to_text

from .models import Hobby, HobbyCategory, HobbySearchTerm

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
STEMMER_NAMES = {"fi": "finnish", "sv": "swedish", "en": "english"}
MIN_WORD_LENGTH = 2
# A shorter shared prefix would match too much ("ta" finds most Finnish hobbies), so it
# must match a whole term instead.
MIN_PREFIX_LENGTH = 3
MAX_TERM_LENGTH = HobbySearchTerm._meta.get_field("term").max_length
MAX_QUERY_WORDS = 8
# Letters by which a stemmer may cut a text's word shorter than a query's prefix for it.
STEM_CUT = 2
# Letters that a keyboard without ä, å or ö leads people to type in their place.
ACCENTED_SPELLINGS = {"a": "aäå", "o": "oö"}
MAX_SPELLING_VARIANTS = 64
# Queries matching up to this many hobbies are ranked in Python from the term rows, so the
# database only checks the other filters on a list of ids. Broader queries rank in SQL.
CANDIDATE_LIMIT = 10_000
WORD_PATTERN = re.compile(r"[^\W_]+")
Weight = HobbySearchTerm.Weight

# PyStemmer objects are not thread-safe, so each thread keeps its own.
_thread_local = threading.local()


def stemmer(language):
    """Return this thread's Snowball stemmer for `language`."""
    stemmers = getattr(_thread_local, "stemmers", None)
    if stemmers is None:
        stemmers = _thread_local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = Stemmer.Stemmer(STEMMER_NAMES[language])
    return stemmers[language]


def words(text):
    """Split text into lower-case words of at least MIN_WORD_LENGTH letters or digits."""
    # NFKC folds full-width and other compatibility forms ("ｊａｌｋａ") into plain letters.
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return [word for word in WORD_PATTERN.findall(text) if len(word) >= MIN_WORD_LENGTH]


# Common last parts of compound words in hobby texts. A query matches the start of a term,
# so "kurssi" alone would not find "peruskurssi" unless the last part is indexed as a term too.
# A short list is used because a decompounding dictionary (Voikko) needs native libraries.
# A wrong split only adds a term, because the whole word is always indexed as well.
COMPOUND_TAILS = {
    "fi": (
        "harrastus harjoitus jooga joukkue kerho kiekko kilpailu koulu kurssi laji leiri "
        "liikunta musiikki paja pallo peli piiri ryhmä sali seura soitto taide tanssi teatteri "
        "tunti treeni urheilu valmennus voimistelu"
    ),
    "sv": "boll dans grupp klubb kurs lag läger musik skola spel sport teater träning",
    "en": "ball class club course dance game group school sport",
}
# The first part of a compound must leave at least this many letters.
MIN_COMPOUND_HEAD = 3
_TAIL_PATTERNS = {
    code: re.compile(rf"(?<=\w{{{MIN_COMPOUND_HEAD}}})(?:{'|'.join(sorted(tails.split(), key=len, reverse=True))})")
    for code, tails in COMPOUND_TAILS.items()
}


def compound_tails(word, language):
    """Return the endings of `word` that start with a known last part of a compound word."""
    return [word[match.start() :] for match in _TAIL_PATTERNS[language].finditer(word)]


def stems(text, language):
    """Return the stems of the words of `text`, and of the last parts of its compound words."""
    text_words = words(text)
    tails = [tail for word in text_words for tail in compound_tails(word, language)]
    return {stem[:MAX_TERM_LENGTH] for stem in stemmer(language).stemWords(text_words + tails) if stem}


# --- Index -------------------------------------------------------------------------------


def _category_names(category_ids):
    """Return {category id: [(language, name), ...]} including the names of ancestors."""
    categories = {
        category.pk: category
        for category in HobbyCategory.objects.only("pk", "parent_id", *[f"name_{code}" for code in LANGUAGES])
    }
    names = {}
    for category_id in category_ids:
        collected = []
        seen = set()
        current = categories.get(category_id)
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            collected += [(code, getattr(current, f"name_{code}") or "") for code in LANGUAGES]
            current = categories.get(current.parent_id)
        names[category_id] = collected
    return names


def document_terms(hobby, category_names):
    """Return {term: weight} for one hobby; `category_names` as from _category_names."""
    terms = {}

    def add(text, language, weight):
        for term in stems(text, language):
            if terms.get(term, 0) < weight:
                terms[term] = weight

    for code in LANGUAGES:
        for field in ("description", "short_description"):
            add(html_to_text(getattr(hobby, f"{field}_{code}")), code, Weight.DESCRIPTION)
    for category in hobby.categories.all():
        for code, name in category_names.get(category.pk, []):
            add(name, code, Weight.CATEGORY)
    for code in LANGUAGES:
        add(getattr(hobby, f"name_{code}"), code, Weight.NAME)
    return terms


def index_hobbies(hobby_ids, *, batch_size=500):
    """Rewrite the search terms of the given hobbies; return how many terms were written."""
    hobby_ids = list(hobby_ids)
    written = 0
    for start in range(0, len(hobby_ids), batch_size):
        written += _index_batch(hobby_ids[start : start + batch_size])
    return written


@transaction.atomic
def _index_batch(hobby_ids):
    hobbies = list(Hobby.objects.filter(pk__in=hobby_ids).prefetch_related("categories"))
    category_ids = {category.pk for hobby in hobbies for category in hobby.categories.all()}
    category_names = _category_names(category_ids) if category_ids else {}
    rows = []
    for hobby in hobbies:
        for term, weight in document_terms(hobby, category_names).items():
            rows.append(HobbySearchTerm(hobby_id=hobby.pk, term=term, weight=weight))
    HobbySearchTerm.objects.filter(hobby_id__in=hobby_ids).delete()
    HobbySearchTerm.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def index_hobby(hobby):
    return index_hobbies([hobby.pk])


def rebuild_search_index(*, batch_size=1000, progress=None):
    """Rewrite the search terms of every hobby; run after imports and category renames."""
    ids = list(Hobby.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), batch_size):
        written += _index_batch(ids[start : start + batch_size])
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    logger.info("Rebuilt the search index: %s hobbies, %s terms", len(ids), written)
    return written


def reindex_category_subtree(category):
    """Re-index the hobbies of `category` and its descendants, after a rename or a move."""
    from .categories import subtree_ids

    hobby_ids = set(
        Hobby.categories.through.objects.filter(hobbycategory_id__in=subtree_ids([category.pk])).values_list(
            "hobby_id", flat=True
        )
    )
    return index_hobbies(sorted(hobby_ids))


# --- Query -------------------------------------------------------------------------------


def common_prefix(first, second):
    length = 0
    for left, right in zip(first, second, strict=False):
        if left != right:
            break
        length += 1
    return first[:length]


def word_patterns(word):
    """Return (prefixes, exact terms) that a query word matches, over the three languages."""
    prefixes, exact = set(), set()
    for code in LANGUAGES:
        stem = stemmer(code).stemWord(word)[:MAX_TERM_LENGTH]
        shared = common_prefix(word, stem)
        if len(shared) >= MIN_PREFIX_LENGTH:
            prefixes.add(shared)
        else:
            exact.update({stem, word[:MAX_TERM_LENGTH]})
    # A prefix that another prefix starts with adds nothing.
    prefixes = {p for p in prefixes if not any(p != other and p.startswith(other) for other in prefixes)}
    # The stemmer may have cut the text's word shorter than the prefix: Swedish "dans" is
    # stored as "dan", while "dansa" looks for terms starting with "dans". So the prefix's
    # own stem in each language, when it is at most STEM_CUT letters shorter, also matches
    # as a whole term. Only a stem counts, not any shorter form: "partio" must not find
    # "part", nor "theater" find "the". A longer cut would let "fotbollsklubben" find
    # every "fotboll".
    for prefix in prefixes:
        shortest = max(MIN_PREFIX_LENGTH, len(prefix) - STEM_CUT)
        for code in LANGUAGES:
            stem = stemmer(code).stemWord(prefix)
            if shortest <= len(stem) < len(prefix) and prefix.startswith(stem):
                exact.add(stem)
    exact = {term for term in exact if not any(term.startswith(p) for p in prefixes)}
    return sorted(prefixes), sorted(exact)


def _prefix_q(prefix):
    if connection.vendor == "postgresql":
        return Q(term__startswith=prefix)
    # The successor of the last code point bounds every string that starts with `prefix`.
    return Q(term__gte=prefix, term__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))


def _patterns_q(word):
    prefixes, exact = word_patterns(word)
    condition = Q(term__in=exact) if exact else Q(pk__in=[])
    for prefix in prefixes:
        condition |= _prefix_q(prefix)
    return condition


def spelling_variants(word):
    """Return the other spellings of an ASCII word with a and o read as ä, å or ö.

    A word typed without those letters ("sahly", "kasityo") is looked up in these spellings
    when it matches no term as typed. A word with more than MAX_SPELLING_VARIANTS spellings
    gets none, so that a long word cannot make a query of hundreds of patterns.
    """
    if not word.isascii():
        return []
    options = [ACCENTED_SPELLINGS.get(letter, letter) for letter in word]
    count = 1
    for letters in options:
        count *= len(letters)
    if count == 1 or count > MAX_SPELLING_VARIANTS:
        return []
    return ["".join(letters) for letters in itertools.product(*options)][1:]


def term_q(word):
    """Return a Q over HobbySearchTerm for the terms that query word `word` matches.

    A word that matches no term also matches the terms of its spelling_variants.
    """
    condition = _patterns_q(word)
    variants = spelling_variants(word)
    if variants and not HobbySearchTerm.objects.filter(condition).exists():
        for variant in variants:
            condition |= _patterns_q(variant)
    return condition


def query_words(text):
    """Return the distinct words of a query, at most MAX_QUERY_WORDS, in their order."""
    seen = []
    for word in words(text):
        if word not in seen:
            seen.append(word[:MAX_TERM_LENGTH])
    return seen[:MAX_QUERY_WORDS]


def search_hobbies(queryset, text, *, rank=True, hobby_field="pk"):
    """Filter `queryset` to the rows whose hobby matches every word of `text`.

    With `rank`, annotate `search_rank` (higher is better). `hobby_field` is the path from the
    queried model to the hobby id. A query with no usable word matches nothing.
    """
    query = query_words(text)
    if not query:
        queryset = queryset.none()
        return queryset.annotate(search_rank=Value(0, output_field=IntegerField())) if rank else queryset
    conditions = [term_q(word) for word in query]
    for condition in conditions:
        queryset = queryset.filter(
            **{f"{hobby_field}__in": HobbySearchTerm.objects.filter(condition).values("hobby_id")}
        )
    if rank:
        parts = [
            Coalesce(
                Subquery(
                    HobbySearchTerm.objects.filter(condition, hobby_id=OuterRef(hobby_field))
                    .order_by("-weight")
                    .values("weight")[:1]
                ),
                Value(0),
            )
            for condition in conditions
        ]
        total = parts[0]
        for part in parts[1:]:
            total = total + part
        queryset = queryset.annotate(search_rank=Coalesce(total, Value(0), output_field=IntegerField()))
    return queryset


def ranked_candidates(text, *, limit=CANDIDATE_LIMIT):
    """Return {hobby id: rank} of the hobbies matching every word of `text`, or None when a
    word matches more than `limit` hobbies (the caller then ranks in SQL with search_hobbies).

    One query per word reads only the term index and the weights.
    """
    ranks = None
    for word in query_words(text):
        best = {}
        rows = HobbySearchTerm.objects.filter(term_q(word)).values_list("hobby_id", "weight")
        # A hobby may have several terms with the prefix, so read a little past the limit.
        for hobby_id, weight in rows[: limit * 4 + 1]:
            if weight > best.get(hobby_id, 0):
                best[hobby_id] = weight
            if len(best) > limit:
                return None
        ranks = best if ranks is None else {pk: ranks[pk] + weight for pk, weight in best.items() if pk in ranks}
        if not ranks:
            return {}
    return ranks or {}


def hobby_id_in(ids):
    """Return a condition on the hobby table that its id is one of `ids`.

    The ids travel as one parameter: an array on PostgreSQL ("id = ANY(%s)"), which it checks
    through the primary key index, and a JSON array on SQLite, read by json_each. The form
    "id IN (%s, %s, ...)" with thousands of parameters cost more time in Django and the
    database drivers than the query itself, and SQLite needs about 20 ms to prepare such a
    statement.
    """
    qualified = f"{connection.ops.quote_name(Hobby._meta.db_table)}.{connection.ops.quote_name('id')}"
    if connection.vendor == "postgresql":
        return RawSQL(f"{qualified} = ANY(%s)", [list(ids)], output_field=BooleanField())
    return RawSQL(f"{qualified} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))], output_field=BooleanField())


def filter_candidates(queryset, ranks):
    """Keep the hobbies of `ranks` (from ranked_candidates) in `queryset`."""
    return queryset.filter(hobby_id_in(ranks))


def rank_expression(ranks):
    """Return an expression for each candidate's rank in `ranks`, for ordering in SQL, or
    None when every candidate has the same rank and the rank orders nothing.

    Ranks are small integers (at most 3 per query word), so the candidates fall into a few
    rank groups. Each group but the lowest is one id list test, and the lowest is the
    default, which is right for rows that filter_candidates kept. The None case matters:
    a bare constant in ORDER BY would be read as a column number on PostgreSQL.
    """
    groups = {}
    for hobby_id, rank in ranks.items():
        groups.setdefault(rank, []).append(hobby_id)
    if len(groups) < 2:
        return None
    ordered = sorted(groups, reverse=True)
    cases = [When(hobby_id_in(groups[rank]), then=Value(rank)) for rank in ordered[:-1]]
    return Case(*cases, default=Value(ordered[-1]), output_field=IntegerField())
