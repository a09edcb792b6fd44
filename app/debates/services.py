"""Hold the rules for starting debates, moving their status and raising positions."""

import re
import unicodedata

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit import log_action
from app.errors import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.models import (
    Debate,
    DebateStatus,
    Material,
    Membership,
    ModerationState,
    Passage,
    Position,
    PositionAnchor,
    Role,
    User,
)
from app.models.columns import utcnow
from app.models.position import statement_key
from app.notifications.services import notify_moderators
from app.policy import Action, require, waits_for_review
from app.text import is_cjk

TITLE_MAX = 200
QUESTION_MAX = 500
STATEMENT_MAX = 300
QUOTE_MAX = 2000

# Typed or pasted quotes often differ from the source only in quote marks, spacing and the width
# of punctuation: Chinese text is set with full-width marks (，。！？：；（）), which an English
# keyboard types half-width, and 「」 stand for “”.
_PUNCTUATION_FAMILIES = (
    "'‘’『』＇",
    '"“”「」＂',
    ",，、",
    ".。．｡",
    "!！",
    "?？",
    ":：",
    ";；",
    "(（",
    ")）",
    "[［【",
    "]］】",
    "-－—",
    "~～",
)
_EQUIVALENT = {
    char: "[" + re.escape(family) + "]" for family in _PUNCTUATION_FAMILIES for char in family
}
# Ｆ (U+FF26) is F (U+0046) moved by this much; so are all printable ASCII characters.
_FULL_WIDTH_OFFSET = 0xFEE0

def start_debate(
    material: Material, owner: User, title: str, question: str, open_now: bool = False
) -> Debate:
    """Create a debate owned by its starter; the caller commits."""
    if owner.is_managed:
        # A class account argues in its class's debates; it opens none to the world.
        raise NotAllowed(_("Class accounts cannot start debates; your teacher starts them."),
                         field="title")
    title, question = title.strip(), question.strip()
    if not title or len(title) > TITLE_MAX:
        raise DomainError(_(
            "Use 1 to %(title_max)s characters for the title.",
            title_max=TITLE_MAX,
        ), field="title")
    if not question or len(question) > QUESTION_MAX:
        raise DomainError(
            _(
                "Use 1 to %(question_max)s characters for the question.",
                question_max=QUESTION_MAX,
            ), field="question"
        )
    debate = Debate(
        material=material,
        owner=owner,
        title=title,
        question=question,
        status=DebateStatus.OPEN if open_now else DebateStatus.DRAFT,
        memberships=[Membership(user=owner, role=Role.OWNER)],
    )
    db.session.add(debate)
    db.session.flush()
    return debate


def change_status(debate: Debate, user: User, status: DebateStatus) -> None:
    """Move a debate from draft to open, or from open to closed."""
    require(user, Action.MANAGE, debate)
    if status not in debate.next_statuses():
        raise Conflict(_(
            "A %(value)s debate cannot become %(value2)s.",
            value=debate.status.value,
            value2=status.value,
        ))
    debate.status = status
    db.session.flush()


def locate_quote(text: str, quote: str) -> str | None:
    """Find the quote in the text, forgiving spacing and quote marks; return the exact words."""
    words = quote.split()
    if not words:
        return None
    pattern = ""
    for index, word in enumerate(words):
        if index:
            # Between Chinese characters a space is a typing slip, and the source may have none.
            between_cjk = is_cjk(words[index - 1][-1]) and is_cjk(word[0])
            pattern += r"\s*" if between_cjk else r"\s+"
        pattern += "".join(_equivalent(char) for char in word)
    match = re.search(pattern, text)
    return match.group(0) if match else None


def _equivalent(char: str) -> str:
    """Return the pattern for one quoted character: its punctuation family, or its full- or
    half-width forms (Ａ and A), or itself."""
    if char in _EQUIVALENT:
        return _EQUIVALENT[char]
    narrow = unicodedata.normalize("NFKC", char)
    if narrow != char and len(narrow) == 1:
        return "[" + re.escape(char + narrow) + "]"
    if "!" <= char <= "~":
        return "[" + re.escape(char + chr(ord(char) + _FULL_WIDTH_OFFSET)) + "]"
    return re.escape(char)


def raise_position(
    debate: Debate, user: User, statement: str, quotes: list[tuple[int, str, str]]
) -> Position:
    """Raise a position anchored to quoted passages: (passage number, quote, field) each; a
    participant's waits for a moderator's review in a pre-moderated debate."""
    require(user, Action.RAISE_POSITION, debate)
    statement = " ".join(statement.split())
    if not statement or len(statement) > STATEMENT_MAX:
        raise DomainError(
            _(
                "Use 1 to %(statement_max)s characters for the position.",
                statement_max=STATEMENT_MAX,
            ), field="statement"
        )
    if not quotes:
        raise DomainError(_(
            "Quote at least one passage that raises this position.",
        ), field="anchors")
    duplicate = select(func.count()).where(
        Position.debate_id == debate.id, Position.statement_key == statement_key(statement)
    )
    if db.session.scalar(duplicate):
        raise Conflict(_("This debate already has that position."), field="statement")

    numbers = [number for number, _, _ in quotes]
    passages = {
        passage.number: passage
        for passage in db.session.scalars(
            select(Passage).where(
                Passage.material_id == debate.material_id, Passage.number.in_(numbers)
            )
        )
    }
    anchors, seen = [], set()
    for number, quote, field in quotes:
        passage = passages.get(number)
        if passage is None:
            raise DomainError(_("Choose a passage of this debate's material."), field=field)
        if number in seen:
            raise DomainError(_("Passage %(number)s is quoted twice.", number=number), field=field)
        seen.add(number)
        if not quote:
            raise DomainError(_(
                "Paste the words you quote from passage %(number)s.",
                number=number,
            ), field=field)
        if len(quote) > QUOTE_MAX:
            raise DomainError(_(
                "Quote at most %(quote_max)s characters.",
                quote_max=QUOTE_MAX,
            ), field=field)
        exact = locate_quote(passage.text, quote)
        if exact is None:
            raise DomainError(
                _(
                    "These words are not in passage %(number)s. Copy them exactly from the "
                    "text.",
                    number=number,
                ),
                field=field,
            )
        anchors.append(PositionAnchor(passage=passage, quote=exact))
    # Linked by id, not through debate.positions, so that nothing reaches the session
    # before the savepoint that may refuse it.
    position = Position(debate_id=debate.id, author=user, statement=statement, anchors=anchors)
    if waits_for_review(user, debate):
        position.moderation = ModerationState.PENDING
    # The same statement raised twice at once passes the check above; the unique constraint
    # refuses the second.
    try:
        with db.session.begin_nested():
            db.session.add(position)
    except IntegrityError:
        raise Conflict(_("This debate already has that position."), field="statement") from None
    if position.moderation == ModerationState.PENDING:
        notify_moderators(
            debate,
            lambda: _("A new position in “%(title)s” waits for review.", title=debate.title),
            None,
            user,
        )
    return position


CONCLUSION_MAX = 10_000
SETTING_LABELS = {
    "visibility": "visibility",
    "posting_mode": "posting",
    "voters": _l("who may vote"),
    "posts_per_hour": _l("arguments per person per hour"),
    "report_threshold": _l("reports that hide an item"),
    "hide_tallies_until_rated": _l("tallies hidden until rated"),
    "participants_raise_positions": _l("participants raise positions"),
}


def update_settings(debate: Debate, owner: User, **settings) -> list[str]:
    """Change a debate's settings and log each change publicly; return what changed."""
    require(owner, Action.MANAGE, debate)
    if not 0 <= settings.get("posts_per_hour", 0) <= 1_000:
        raise DomainError(_("Choose 0 (no limit) to 1,000 arguments per hour."), "posts_per_hour")
    if not 1 <= settings.get("report_threshold", 1) <= 100:
        raise DomainError(_("Choose 1 to 100 reports."), field="report_threshold")
    changes = []
    for name, value in settings.items():
        old = getattr(debate, name)
        if old == value:
            continue
        setattr(debate, name, value)
        shown_old = getattr(old, "value", old)
        shown_new = getattr(value, "value", value)
        changes.append(f"{SETTING_LABELS[name]}: {shown_old} → {shown_new}")
    # One entry per change: joined into one label, several changes outgrew its 200 characters.
    for change in changes:
        log_action(debate, owner, "settings", "debate", change)
    db.session.flush()
    return changes


def close_debate(debate: Debate, owner: User, conclusion: str) -> None:
    """Close an open debate with the owner's written conclusion; it becomes read-only."""
    require(owner, Action.MANAGE, debate)
    if not debate.is_open:
        raise Conflict(_("A %(value)s debate cannot be closed.", value=debate.status.value))
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise DomainError(_("Write the conclusion people will read first."), field="conclusion")
    if len(conclusion) > CONCLUSION_MAX:
        raise DomainError(_(
            "Keep the conclusion to %(conclusion_max)s characters.",
            conclusion_max=format_number(CONCLUSION_MAX),
        ), "conclusion")
    debate.status = DebateStatus.CLOSED
    debate.conclusion = conclusion
    debate.closed_at = utcnow()
    log_action(debate, owner, "close", "debate", _("the debate"), _("Closed with a conclusion."))
    db.session.flush()
