"""Save a debate read from a file (``app.imports``) as an Agora debate, in one transaction.

What a file holds that Agora's columns cannot is never cut silently: a claim longer than an
argument's 280 characters keeps its whole text at the top of the body and a shortened claim
ending in "…"; a statement longer than a position's 300 characters is shortened the same way.
Each such change is added to the problems, so that the preview lists it before anything is
saved. A link to a position (Agora links only arguments to arguments) becomes an argument
quoting the position's statement; claims connected to nothing go to an "Unplaced" position.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from app.arguments.services import EVIDENCE_TITLE_MAX, URL_MAX, claim_key
from app.auth.tokens import requester_key
from app.debates.services import QUESTION_MAX, TITLE_MAX, locate_quote, start_debate
from app.errors import DomainError, NotFound
from app.extensions import db, limiter
from app.imports import (
    MAX_BYTES,
    ImportedArgument,
    ImportedDebate,
    ImportedEvidence,
    ImportRefused,
    Problem,
    detect_format,
    read_debate,
)
from app.models import (
    Argument,
    Debate,
    Evidence,
    EvidenceKind,
    ImportDraft,
    Material,
    ModerationState,
    Passage,
    PassageKind,
    Position,
    PositionAnchor,
    Side,
    User,
)
from app.models.argument import IMPORTED_AUTHOR_LENGTH, path_segment
from app.models.columns import utcnow
from app.models.evidence import url_key
from app.models.import_draft import DRAFT_LIFETIME
from app.models.position import STATEMENT_LENGTH, statement_key
from app.text import web_host

CLAIM_LENGTH = 280
UNPLACED_STATEMENT = "Unplaced: claims the file connected to nothing"

# Reading a file costs far more than any other request, so each person gets one budget of
# imports, counted together whether they come through the page or the API.
import_budget = limiter.shared_limit(
    lambda: current_app.config["DEBATE_IMPORT_LIMIT"],
    scope="debate-import",
    key_func=requester_key,
    methods=["POST"],
)


@dataclass
class SavedImport:
    """What saving a file made: the debate, its counts and every problem met on the way."""

    debate: Debate
    positions: int = 0
    arguments: int = 0
    links: int = 0
    evidence: int = 0
    problems: list[Problem] = field(default_factory=list)

    def report(self) -> dict:
        """Describe the import as the CLI and the API answer it."""
        return {"debate": self.debate.id, "positions": self.positions,
                "arguments": self.arguments, "links": self.links, "evidence": self.evidence,
                "problems": problem_list(self.problems)}


def problem_list(problems: list[Problem]) -> list[dict]:
    """Write problems as plain data: the line (or null) and the message."""
    return [{"line": problem.line, "message": problem.message} for problem in problems]


def read_file(data: bytes, format: str | None = None) -> tuple[ImportedDebate, str]:
    """Read an uploaded file into a debate and name its format, refusing it beside the field."""
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is larger than %(megabytes)s MB.",
                            megabytes=MAX_BYTES // 1024 // 1024), field="file")
    try:
        format = format or detect_format(data)
        return read_debate(data, format), format
    except ImportRefused as refusal:
        raise DomainError(refusal.message, field="file") from refusal


def keep_draft(owner: User, filename: str, data: bytes, format: str,
               material: Material | None) -> ImportDraft:
    """Keep an uploaded file until its owner confirms or cancels the import; drafts older than
    their lifetime go as a new one comes."""
    db.session.execute(delete(ImportDraft).where(
        ImportDraft.created_at < utcnow() - DRAFT_LIFETIME))
    draft = ImportDraft(key=secrets.token_urlsafe(32), owner=owner,
                        filename=(filename or "upload")[:200], format=format, data=data,
                        material_id=material.id if material else None)
    db.session.add(draft)
    db.session.flush()
    return draft


def draft_named(key: str, user: User) -> ImportDraft:
    """Load a draft import of this person's that has not expired, or answer 404."""
    draft = db.session.scalar(select(ImportDraft).where(ImportDraft.key == key))
    if draft is None or draft.owner_id != user.id or draft.is_expired:
        raise NotFound(_("This import preview has expired or does not exist; upload the file "
                         "again."))
    return draft


def shortened(text: str, limit: int) -> str:
    """Cut text to the limit at a word where one is near, ending it with "…"."""
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def fitting_claim(text: str, body: str) -> tuple[str, str, bool]:
    """Return a claim that fits its column and a body keeping any text it could not hold."""
    text = text.strip()
    if len(text) <= CLAIM_LENGTH:
        return text, body, False
    return shortened(text, CLAIM_LENGTH), text + ("\n\n" + body if body else ""), True


def save_problems(imported: ImportedDebate) -> list[Problem]:
    """List what saving the debate will change, so that a preview shows it beforehand."""
    problems = []
    for position in imported.positions:
        if len(position.statement.strip()) > STATEMENT_LENGTH:
            problems.append(Problem(position.line, _(
                "The statement has %(count)s characters; a position holds %(limit)s, so it is "
                "shortened and ends in “…”.",
                count=format_number(len(position.statement.strip())), limit=STATEMENT_LENGTH)))
        if position.evidence:
            problems.append(Problem(position.line, ngettext(
                "%(num)s source of the position is left out: Agora keeps sources on arguments, "
                "not positions.",
                "%(num)s sources of the position are left out: Agora keeps sources on arguments, "
                "not positions.",
                len(position.evidence))))
    keys = {position.key for position in imported.positions}
    for argument, _depth in _every_argument(imported):
        if argument.link_to in keys:
            problems.append(Problem(argument.line, _(
                "This link names a position; Agora links arguments only, so it is saved as an "
                "argument quoting the position's statement.")))
        elif argument.link_to is None and len(argument.claim.strip()) > CLAIM_LENGTH:
            problems.append(Problem(argument.line, _(
                "The claim has %(count)s characters; an argument's claim holds %(limit)s, so it "
                "is shortened and its whole text opens the body.",
                count=format_number(len(argument.claim.strip())), limit=CLAIM_LENGTH)))
        for source in argument.evidence:
            if (refusal := _evidence_refusal(source)) is not None:
                problems.append(Problem(argument.line, refusal))
    if imported.unplaced:
        problems.append(Problem(None, ngettext(
            "%(num)s claim connected to nothing is kept under the position “%(statement)s”.",
            "%(num)s claims connected to nothing are kept under the position “%(statement)s”.",
            len(imported.unplaced), statement=UNPLACED_STATEMENT)))
    return problems


def _every_argument(imported: ImportedDebate):
    """Yield every argument, placed and unplaced, with its depth."""
    yield from imported.arguments()
    stack = [(argument, 1) for argument in reversed(imported.unplaced)]
    while stack:
        argument, depth = stack.pop()
        yield argument, depth
        stack.extend((child, depth + 1) for child in reversed(argument.children))


def _evidence_refusal(source: ImportedEvidence) -> str | None:
    """Say why a source cannot be kept, or None when it can."""
    if source.passage is not None:
        return None
    url = source.url.strip()
    # web_host() first: urlsplit() raises on what it refuses, such as an unclosed "[".
    if web_host(url) is None or urlsplit(url).scheme.lower() not in ("http", "https") \
            or not urlsplit(url).netloc:
        return _("The source %(url)s is left out: only http(s) addresses are kept.",
                 url=repr(source.url[:100]))
    if len(source.url.strip()) > URL_MAX:
        return _("A source's address is longer than %(limit)s characters and is left out.",
                 limit=format_number(URL_MAX))
    return None


def import_debate(
    imported: ImportedDebate,
    owner: User,
    material: Material | None = None,
    open_now: bool = False,
    name: str = "",
) -> SavedImport:
    """Save a debate read from a file, owned by the importer; the caller commits.

    ``name`` (a file's name, say) titles a debate whose file gives it no title, and names a
    position the file leaves unnamed. Without a material, one is made from the file: its own
    when an Agora archive carries it, else a short document listing the positions, so that
    they can be anchored later.
    """
    if not imported.positions and not imported.unplaced:
        raise DomainError(_("The file holds no claims to import."), field="file")
    title = " ".join(imported.title.split()) or " ".join(name.split()) or "Imported debate"
    problems = list(imported.problems) + save_problems(imported)
    if len(title) > TITLE_MAX:
        problems.insert(0, Problem(None, _("The title is shortened to %(limit)s characters.",
                                           limit=TITLE_MAX)))
        title = shortened(title, TITLE_MAX)
    if material is None:
        material = _material_for(imported, title, owner)
    question = " ".join((imported.question or (
        imported.positions[0].statement if imported.positions else "") or title).split())
    if len(question) > QUESTION_MAX:
        question = shortened(question, QUESTION_MAX)
    debate = start_debate(material, owner, title, question, open_now)
    saved = SavedImport(debate=debate, problems=problems)
    saver = _TreeSaver(debate, owner, saved)
    for position in imported.positions:
        saver.add_position(position.key, position.statement or title, position.arguments,
                           position.anchors)
    if imported.unplaced:
        saver.add_position(None, UNPLACED_STATEMENT, imported.unplaced, [])
    saver.insert_arguments()
    return saved


def _material_for(imported: ImportedDebate, title: str, owner: User) -> Material:
    """Make the material an imported debate is about."""
    carried = imported.material
    if carried is not None and carried.passages:
        published = None
        if carried.published_on:
            try:
                published = date.fromisoformat(carried.published_on)
            except ValueError:
                published = None
        material = Material(
            title=shortened(carried.title, 200) if len(carried.title) > 200 else carried.title,
            author=(carried.author or "")[:200] or None,
            source_url=carried.source_url if carried.source_url
            and len(carried.source_url) <= 2000 else None,
            published_on=published,
            added_by=owner,
            passages=[Passage(number=number, kind=_passage_kind(kind), text=text)
                      for number, (kind, text) in enumerate(carried.passages, start=1)],
        )
    else:
        statements = [position.statement.strip() or title for position in imported.positions]
        material = Material(
            title=title, added_by=owner,
            passages=[Passage(number=1, kind=PassageKind.HEADING, text=title)] + [
                Passage(number=number, kind=PassageKind.LIST_ITEM, text=statement)
                for number, statement in enumerate(statements, start=2)
            ],
        )
    db.session.add(material)
    db.session.flush()
    return material


def _passage_kind(kind: str) -> PassageKind:
    """Read a passage kind named in an archive, a paragraph when unknown."""
    try:
        return PassageKind(kind)
    except ValueError:
        return PassageKind.PARAGRAPH


def _evidence_kind(kind: str) -> EvidenceKind:
    """Read a source's kind named in an archive, "other" when unknown."""
    try:
        return EvidenceKind(kind)
    except ValueError:
        return EvidenceKind.OTHER


class _TreeSaver:
    """Gather the rows of every argument and source, then insert them level by level.

    Inserting rows in bulk, a level at a time, keeps a 5,000-argument import to a few dozen
    statements; links go last, since their targets may come after them in the file.
    """

    def __init__(self, debate: Debate, owner: User, saved: SavedImport):
        self.debate, self.owner, self.saved = debate, owner, saved
        self.now = utcnow()
        self.levels: list[list[dict]] = []
        self.links: list[tuple[dict, str]] = []
        self.sources: list[tuple[dict, list[ImportedEvidence]]] = []
        self.ids_by_key: dict[str, dict] = {}
        self.statements: dict[str, str] = {}
        self.keys_used: set[str] = set()

    def add_position(self, key, statement, arguments, anchors) -> None:
        """Add a position and queue the rows of its tree."""
        statement = " ".join(statement.split()) or f"Position {self.saved.positions + 1}"
        if len(statement) > STATEMENT_LENGTH:
            statement = shortened(statement, STATEMENT_LENGTH)
        number = 2
        unique = statement
        while statement_key(unique) in self.keys_used:
            unique = f"{statement} ({number})"
            number += 1
        self.keys_used.add(statement_key(unique))
        position = Position(debate=self.debate, author=self.owner, statement=unique)
        db.session.add(position)
        db.session.flush()
        self._anchor(position, anchors)
        self.saved.positions += 1
        if key is not None:
            self.statements[key] = unique
        self._queue(position.id, None, arguments, 1, True)

    def _anchor(self, position: Position, anchors) -> None:
        """Anchor a position on the material's passages where the quotes are found."""
        passages = {passage.number: passage for passage in self.debate.material.passages}
        for anchor in anchors:
            passage = passages.get(anchor.passage)
            quote = locate_quote(passage.text, anchor.quote) if passage else None
            if quote is None:
                self.saved.problems.append(Problem(None, _(
                    "The quote anchoring “%(statement)s” is not in passage %(passage)s of the "
                    "material and is left out.",
                    statement=position.statement[:60], passage=anchor.passage)))
                continue
            position.anchors.append(PositionAnchor(passage=passage, quote=quote))

    def _queue(self, position_id: int, parent: dict | None, arguments: list[ImportedArgument],
               depth: int, parent_supports: bool) -> None:
        """Queue a row for each argument below a parent, depth first."""
        stack = [(position_id, parent, arguments, depth, parent_supports)]
        while stack:
            position_id, parent, children, depth, supports_parent = stack.pop()
            for number, argument in enumerate(children, start=1):
                segment = path_segment(number)
                side = Side(argument.side)
                supports = supports_parent if side == Side.PRO else not supports_parent
                row = {
                    "position_id": position_id,
                    "parent": parent,
                    "side": side,
                    "supports_position": supports,
                    "path": f"{parent['path']}.{segment}" if parent else segment,
                    "depth": depth,
                    "created_at": self.now,
                    "moderation": ModerationState.VISIBLE,
                }
                self.saved.arguments += 1
                if argument.link_to is not None:
                    self.links.append((row, argument.link_to))
                    continue
                claim, body, _ = fitting_claim(argument.claim, argument.body or "")
                name = (argument.author_name or "").strip()
                row.update(
                    claim=claim or "(no text)",
                    claim_key=claim_key(claim or "(no text)"),
                    body=body,
                    author_id=None if name else self.owner.id,
                    imported_author=name[:IMPORTED_AUTHOR_LENGTH] or None,
                )
                while len(self.levels) < depth:
                    self.levels.append([])
                self.levels[depth - 1].append(row)
                self.ids_by_key[argument.key] = row
                if argument.evidence:
                    self.sources.append((row, argument.evidence))
                if argument.children:
                    stack.append((position_id, row, argument.children, depth + 1, supports))

    def insert_arguments(self) -> None:
        """Insert the queued arguments a level at a time, then the links, then the sources."""
        for level in self.levels:
            self._insert(level)
        rows = []
        for row, target_key in self.links:
            target = self.ids_by_key.get(target_key)
            if target is not None:
                row.update(link_to_id=target["id"], claim=target["claim"],
                           claim_key=target["claim_key"], body="", author_id=self.owner.id)
            elif target_key in self.statements:
                statement = self.statements[target_key]
                claim, body, _ = fitting_claim(statement, "")
                row.update(claim=claim, claim_key=claim_key(claim), body=body,
                           author_id=self.owner.id)
                rows.append(row)
                continue
            else:
                self.saved.problems.append(Problem(None, _(
                    "A link to %(target)s, which the file does not hold, is left out.",
                    target=repr(target_key))))
                self.saved.arguments -= 1
                continue
            self.saved.links += 1
            rows.append(row)
        self._insert(rows, note_ids=False)
        self._insert_sources()

    def _insert(self, rows: list[dict], note_ids: bool = True) -> None:
        """Insert rows of arguments and, unless told not to, note each one's id for its
        children and links."""
        if not rows:
            return
        values = []
        for row in rows:
            value = {key: item for key, item in row.items() if key not in ("parent", "id")}
            value["parent_id"] = row["parent"]["id"] if row["parent"] else None
            value.setdefault("link_to_id", None)
            value.setdefault("imported_author", None)
            values.append(value)
        # A plain executemany, then one read of the new ids by their place: SQLite answers
        # INSERT … RETURNING in parameter order only a row at a time.
        db.session.execute(insert(Argument), values)
        if not note_ids:
            return
        depth = rows[0]["depth"]
        positions = {row["position_id"] for row in rows}
        ids = dict(((position_id, path), new_id) for new_id, position_id, path in
                   db.session.execute(select(Argument.id, Argument.position_id, Argument.path)
                                      .where(Argument.position_id.in_(positions),
                                             Argument.depth == depth)))
        for row in rows:
            row["id"] = ids[(row["position_id"], row["path"])]

    def _insert_sources(self) -> None:
        """Insert each argument's sources, leaving out those Agora cannot keep."""
        values = []
        passages = {passage.number: passage.id for passage in self.debate.material.passages}
        for row, sources in self.sources:
            seen = set()
            for source in sources:
                url = source.url.strip()
                if _evidence_refusal(source) is not None:
                    continue
                if source.passage is not None:
                    passage_id = passages.get(source.passage)
                    key = ("passage", source.passage)
                    if passage_id is None:
                        self.saved.problems.append(Problem(None, _(
                            "A source cites passage %(passage)s, which the material does not "
                            "have; it is left out.", passage=source.passage)))
                        continue
                    url = None
                    default_title = f"Passage {source.passage} of the material"
                else:
                    passage_id, key = None, url_key(url)
                    default_title = web_host(url) or "Source"
                if key in seen:
                    continue
                seen.add(key)
                title = " ".join(source.title.split()) or default_title
                if len(title) > EVIDENCE_TITLE_MAX:
                    title = shortened(title, EVIDENCE_TITLE_MAX)
                values.append({
                    "argument_id": row["id"], "added_by_id": self.owner.id,
                    "kind": _evidence_kind(source.kind), "url": url,
                    "url_key": None if url is None else key, "passage_id": passage_id,
                    "title": title, "excerpt": source.excerpt.strip(),
                    "created_at": self.now, "moderation": ModerationState.VISIBLE,
                })
        if values:
            db.session.execute(insert(Evidence), values)
        self.saved.evidence = len(values)
