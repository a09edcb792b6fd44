"""Find what a person may read that matches a search: one ranked page and the full count.

Matching is the database's: a word search (FTS5 trigram MATCH on SQLite, websearch_to_tsquery
on PostgreSQL) or every term as a substring (which finds Chinese words inside sentences). An
entry holding the whole query as a phrase ranks above one where the words lie scattered.
Visibility is strict and the same for everyone: only shown contributions of listed, non-draft
debates this person may read, never one under a hidden, pending or rejected argument.
"""

import re
import unicodedata
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import (
    Integer,
    String,
    and_,
    column,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    true,
    union_all,
)

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Evidence,
    Material,
    ModerationState,
    Passage,
    Position,
)
from app.visibility import shown_debates, shown_to_everyone

KINDS = ("passage", "position", "argument", "evidence")
KIND_LABELS = {
    "passage": _l("Material"),
    "position": _l("Position"),
    "argument": _l("Argument"),
    "evidence": _l("Evidence"),
}
QUERY_LENGTH = 200
MOST_TERMS = 8
PER_PAGE = 20
# Only the best-ranked matches are checked against visibility and counted, so that a common
# word costs what a rare one does; nobody pages past the tenth page of a search.
MOST_CANDIDATES = 200
LAST_PAGE = MOST_CANDIDATES // PER_PAGE
SNIPPET_LENGTH = 220
# FTS5's trigram tokenizer finds only terms of three characters or more.
TRIGRAM = 3

ENTRIES = table(
    "search_entries",
    column("kind", String),
    column("item_id", Integer),
    column("debate_id", Integer),
    column("body", String),
)


class BadQuery(ValueError):
    """A query that cannot be searched for, with a message fit for the person who typed it."""


@dataclass(frozen=True)
class Query:
    """What to look for: the raw text, its words, the words to leave out, and the phrase."""

    text: str
    terms: tuple[str, ...]
    excluded: tuple[str, ...]

    @property
    def phrase(self) -> str:
        return " ".join(self.terms)


@dataclass(frozen=True)
class Hit:
    """One result: what it is, where it lives, and the words around the match."""

    kind: str
    id: int
    url: str
    snippet: Markup
    context: str

    @property
    def plain_snippet(self) -> str:
        return self.snippet.striptags() if self.snippet else ""


@dataclass(frozen=True)
class Results:
    """One page of hits, how many there are in all, and the page number."""

    hits: list[Hit]
    total: int
    page: int
    per_page: int

    @property
    def has_more(self) -> bool:
        return self.page * self.per_page < self.total

    # Whether only the best-ranked matches were looked at, and more may be readable.
    capped: bool = False


def parse_query(text: str) -> Query:
    """Read a query as a search box reads it: words, "quoted phrases", -excluded words, OR.

    Raise BadQuery for a query too long, or one with nothing to search for.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if len(text) > QUERY_LENGTH:
        raise BadQuery(_l("Search for at most %(count)s characters.", count=QUERY_LENGTH))
    terms, excluded = [], []
    for chunk in text.split():
        words = [word.lower() for word in re.findall(r"\w+", chunk)]
        if chunk.startswith("-") and len(chunk) > 1:
            excluded.extend(words)
        elif chunk.lower() != "or":
            terms.extend(words)
    terms = list(dict.fromkeys(terms))[:MOST_TERMS]
    if not terms:
        raise BadQuery(_l("Type a word or a number to search for."))
    return Query(text, tuple(terms), tuple(dict.fromkeys(excluded))[:MOST_TERMS])


def like_pattern(term: str) -> str:
    """Return a LIKE pattern finding the term anywhere, its own % and _ taken literally."""
    escaped = term.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def contains(term: str):
    """Return a condition true of an entry holding the term, in any case."""
    return ENTRIES.c.body.ilike(like_pattern(term), escape="/")


def is_wide(term: str) -> bool:
    """Say whether a term holds characters of scripts written without spaces (Chinese,
    Japanese), which word tokens cannot find inside a sentence."""
    return any(unicodedata.east_asian_width(character) in "WF" for character in term)


def matching(query: Query, dialect: str):
    """Return the match condition, the relevance score (higher is better) and the whole-phrase
    test for a dialect."""
    substrings = and_(
        true(),
        *(contains(term) for term in query.terms),
        *(not_(contains(term)) for term in query.excluded),
    )
    phrase = func.coalesce(ENTRIES.c.body.ilike(like_pattern(query.phrase), escape="/"), False)
    if dialect == "postgresql":
        document = literal_column("search_entries.document")
        simple = literal("simple").op("::")(literal_column("regconfig"))
        words = func.websearch_to_tsquery(simple, query.text)
        condition = document.op("@@")(words)
        # Each word also as a prefix, so that results follow a word still being typed.
        if prefixes := " & ".join(f"{term}:*" for term in query.terms if term.isalnum()):
            condition = condition | document.op("@@")(func.to_tsquery(simple, prefixes))
        if any(is_wide(term) for term in query.terms):
            # The trigram index serves these; words of one or two characters are read in full.
            condition = condition | substrings
        else:
            phrase = document.op("@@")(func.phraseto_tsquery(simple, query.phrase))
        return condition, func.ts_rank(document, words), phrase
    long_terms = [term for term in query.terms if len(term) >= TRIGRAM]
    if not long_terms:
        return substrings, literal(0.0), phrase
    expression = " AND ".join(f'"{term}"' for term in long_terms)
    short = and_(true(), *(contains(term) for term in query.terms if len(term) < TRIGRAM))
    excluded = and_(true(), *(not_(contains(term)) for term in query.excluded))
    condition = and_(literal_column("search_entries").op("MATCH")(expression), short, excluded)
    # bm25 is lower for better matches.
    return condition, -func.bm25(literal_column("search_entries")), phrase


def listed_to(user):
    """Return a where-clause keeping the debates whose contents this person may find."""
    return and_(shown_debates(user, listed_only=True), Debate.status != DebateStatus.DRAFT)


def matching_entries(query: Query, dialect: str, kinds, debate_id: int | None):
    """Return the index entries that match, with their rank, read from the index once."""
    condition, score, phrase = matching(query, dialect)
    matches = select(
        ENTRIES.c.kind,
        ENTRIES.c.item_id,
        ENTRIES.c.debate_id,
        ENTRIES.c.body,
        phrase.cast(Integer).label("phrase"),
        score.label("score"),
    ).where(condition)
    if len(kinds) < len(KINDS):
        matches = matches.where(ENTRIES.c.kind.in_(kinds))
    if debate_id is not None:
        matches = matches.where(or_(ENTRIES.c.debate_id == debate_id, ENTRIES.c.kind == "passage"))
    # A step apart: SQLite's bm25() works only in the statement that runs the MATCH.
    matches = matches.subquery("matches")
    hits = (
        select(*matches.c, func.count().over().label("matches"))
        .order_by(matches.c.phrase.desc(), matches.c.score.desc())
        .limit(MOST_CANDIDATES)
    )
    return hits.cte("hits")


def kind_selects(user, query: Query, dialect: str, kinds, debate_id: int | None):
    """Return one select per kind of the matching entries this person may read."""
    hits = matching_entries(query, dialect, kinds, debate_id)
    ranked = (hits.c.kind, hits.c.item_id, hits.c.body, hits.c.phrase, hits.c.score,
              hits.c.matches)
    selects = {
        "passage": select(
            *ranked, Material.title.label("context"),
            Passage.material_id.label("ref"), Passage.number.label("ref2"),
        )
        .join(Passage, and_(hits.c.kind == "passage", Passage.id == hits.c.item_id))
        .join(Material, Material.id == Passage.material_id),
        "position": select(
            *ranked, Debate.title.label("context"),
            Position.debate_id.label("ref"), Position.id.label("ref2"),
        )
        .join(Position, and_(hits.c.kind == "position", Position.id == hits.c.item_id))
        .join(Debate, Debate.id == Position.debate_id)
        .where(listed_to(user), Position.moderation == ModerationState.VISIBLE),
        "argument": select(
            *ranked, Debate.title.label("context"),
            Argument.id.label("ref"), Argument.id.label("ref2"),
        )
        .join(Argument, and_(hits.c.kind == "argument", Argument.id == hits.c.item_id))
        .join(Position, Position.id == Argument.position_id)
        .join(Debate, Debate.id == Position.debate_id)
        .where(listed_to(user), shown_to_everyone()),
        "evidence": select(
            *ranked, Debate.title.label("context"),
            Evidence.argument_id.label("ref"), Evidence.id.label("ref2"),
        )
        .join(Evidence, and_(hits.c.kind == "evidence", Evidence.id == hits.c.item_id))
        .join(Argument, Argument.id == Evidence.argument_id)
        .join(Position, Position.id == Argument.position_id)
        .join(Debate, Debate.id == Position.debate_id)
        .where(
            listed_to(user),
            Evidence.moderation == ModerationState.VISIBLE,
            shown_to_everyone(),
        ),
    }
    if debate_id is not None:
        debate_material = select(Debate.material_id).where(
            Debate.id == debate_id, listed_to(user)
        ).scalar_subquery()
        selects["passage"] = selects["passage"].where(Passage.material_id == debate_material)
    return [selects[kind] for kind in kinds]


def search(user, text: str, kind: str | None = None, debate_id: int | None = None,
           page: int = 1, per_page: int = PER_PAGE) -> Results:
    """Run a search for this person: one page of hits, best first, and how many in all.

    Raise BadQuery for a query that cannot be searched for.
    """
    query = parse_query(text)
    dialect = db.session.get_bind().dialect.name
    kinds = (kind,) if kind in KINDS else KINDS
    found = union_all(*kind_selects(user, query, dialect, kinds, debate_id)).subquery("found")
    # The count rides along with the page: one statement, planned and run once.
    rows = db.session.execute(
        select(found, func.count().over().label("total"))
        .order_by(found.c.phrase.desc(), found.c.score.desc(), found.c.kind, found.c.item_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    if rows:
        total, capped = rows[0].total, rows[0].matches > MOST_CANDIDATES
    elif page > 1:
        total, capped = db.session.scalar(select(func.count()).select_from(found)), False
    else:
        total, capped = 0, False
    return Results([hit_of(row, query) for row in rows], total, page, per_page, capped)


def hit_of(row, query: Query) -> Hit:
    """Turn a found row into a hit with its address and highlighted snippet."""
    if row.kind == "passage":
        url = url_for("materials.show", material_id=row.ref, p=row.ref2, _anchor=f"p-{row.ref2}")
    elif row.kind == "position":
        url = url_for("debates.position", debate_id=row.ref, position_id=row.ref2)
    elif row.kind == "argument":
        url = url_for("arguments.show", argument_id=row.ref)
    else:
        url = url_for("arguments.show", argument_id=row.ref, _anchor="evidence")
    return Hit(row.kind, row.item_id, url, highlight(row.body, query), row.context)


def highlight(body: str, query: Query, length: int = SNIPPET_LENGTH) -> Markup:
    """Cut the body around its first match and mark every term in it; the text is escaped, the
    marks are ours."""
    body = " ".join(body.split())
    pattern = re.compile("|".join(re.escape(term) for term in sorted(
        query.terms, key=len, reverse=True)), re.IGNORECASE)
    folded = body.lower()
    start = folded.find(query.phrase)
    if start < 0:
        first = pattern.search(body)
        start = first.start() if first else 0
    begin = max(0, start - length // 3)
    end = min(len(body), begin + length)
    window = body[begin:end]
    pieces = [Markup("…")] if begin else []
    last = 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[last:match.start()]))
        pieces.append(Markup("<mark>%s</mark>") % match.group())
        last = match.end()
    pieces.append(escape(window[last:]))
    if end < len(body):
        pieces.append(Markup("…"))
    return Markup("").join(pieces)
