"""Hold the rules for posting, editing and withdrawing arguments and attaching evidence."""

import re
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.arguments.queries import posts_in_last_hour
from app.errors import Conflict, DomainError
from app.extensions import db
from app.follows.services import follow_what_one_posts_in, notify_followers
from app.models import (
    Argument,
    ArgumentRevision,
    Debate,
    Evidence,
    EvidenceKind,
    ModerationState,
    Passage,
    Position,
    Side,
    User,
)
from app.models.argument import MAX_SIBLINGS, path_segment
from app.models.columns import utcnow
from app.models.evidence import url_key
from app.notifications.mentions import notify_mentions
from app.notifications.services import notify_moderators, notify_reply
from app.policy import Action, check_side, require, skips_review, waits_for_review
from app.text import comparison_key, fitted, web_host
from app.trust import holds_for_trust, hourly_limit_of
from app.visibility import shown_arguments

CLAIM_MAX = 280
BODY_MAX = 10_000
EVIDENCE_TITLE_MAX = 200
EXCERPT_MAX = 2_000
URL_MAX = 2_000
SIMILARITY_THRESHOLD = 0.75


class HourlyLimitReached(DomainError):
    """A person reached the debate's limit of arguments per hour."""

    status = 429


class SimilarArgumentExists(DomainError):
    """A very similar argument already stands under the same parent."""

    status = 409

    def __init__(self, matches: list[Argument]) -> None:
        super().__init__(
            _(
                "A very similar argument already exists here. Read it first; post anyway if "
                "yours says something different.",
            ),
            field="claim",
        )
        self.matches = matches


def claim_key(claim: str) -> str:
    """Reduce a claim to what makes it the same claim: Unicode forms, invisible characters,
    case, spacing and end marks aside."""
    return fitted(re.sub(r"[\s.!?;:,]+$", "", comparison_key(claim)), CLAIM_MAX)


# Marks between words that say nothing of what a claim means, full-width ones included.
_PUNCTUATION_RE = re.compile(r"[^\w\s'-]+")
# Han characters and kana: Chinese and Japanese write words without spaces between them.
_IDEOGRAPHS_RE = re.compile(
    "([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+)"
)


def claim_tokens(claim: str) -> list[str]:
    """Cut a claim into what similarity compares: words where words are spaced, and pairs of
    neighbouring characters (bigrams) in Chinese, which has no spaces; punctuation aside."""
    tokens: list[str] = []
    for index, part in enumerate(_IDEOGRAPHS_RE.split(claim_key(claim))):
        if index % 2:
            tokens += [part[i : i + 2] for i in range(max(len(part) - 1, 1))]
        else:
            tokens += _PUNCTUATION_RE.sub(" ", part).split()
    return tokens


def similarity(first: str, second: str) -> float:
    """Score from 0 to 1 how alike two claims read, on their words (or Chinese bigrams)."""
    return SequenceMatcher(None, claim_tokens(first), claim_tokens(second)).ratio()


def siblings_of(position: Position, parent: Argument | None):
    """Select the arguments that stand directly under the same parent."""
    query = select(Argument).where(Argument.position_id == position.id)
    if parent is None:
        return query.where(Argument.parent_id.is_(None))
    return query.where(Argument.parent_id == parent.id)


def find_similar(
    position: Position,
    parent: Argument | None,
    claim: str,
    user,
    exclude: Argument | None = None,
) -> list[Argument]:
    """Return the siblings this person may see whose claim reads very much like this one,
    most alike first."""
    if not claim_key(claim):
        return []
    shown = siblings_of(position, parent).where(shown_arguments(position.debate, user))
    scored = [
        (similarity(claim, sibling.claim), sibling)
        for sibling in db.session.scalars(shown)
        if sibling is not exclude
    ]
    matches = [(score, sibling) for score, sibling in scored if score >= SIMILARITY_THRESHOLD]
    return [sibling for _, sibling in sorted(matches, key=lambda pair: -pair[0])]


def check_text(claim: str, body: str) -> tuple[str, str]:
    """Return the claim and body trimmed, refusing what is empty or too long."""
    claim = " ".join(claim.split())
    body = (body or "").strip()
    if not claim:
        raise DomainError(_("Write the claim in one sentence."), field="claim")
    if len(claim) > CLAIM_MAX:
        raise DomainError(
            _(
                "Keep the claim to %(claim_max)s characters (it has %(count)s); put the rest "
                "in the explanation.",
                claim_max=CLAIM_MAX,
                count=len(claim),
            ),
            field="claim",
        )
    if len(body) > BODY_MAX:
        raise DomainError(
            _(
                "Keep the explanation to %(body_max)s characters (it has %(count)s).",
                body_max=format_number(BODY_MAX),
                count=format_number(len(body)),
            ),
            field="body",
        )
    return claim, body


def check_not_duplicate(
    position: Position, parent: Argument | None, claim: str, exclude: Argument | None = None
) -> None:
    """Refuse a claim that already stands, word for word, under the same parent."""
    key = claim_key(claim)
    query = siblings_of(position, parent).where(Argument.claim_key == key)
    if exclude is not None:
        query = query.where(Argument.id != exclude.id)
    if db.session.scalar(query.limit(1)):
        raise Conflict(_("This argument has already been made here."), field="claim")


def lock_siblings(position: Position, parent: Argument | None) -> None:
    """Make posts under the same parent wait for one another until the first commits.

    Without it two people sending the same claim at once both pass the duplicate check.
    FOR NO KEY UPDATE leaves ratings and replies elsewhere, which only share-lock the row
    through their foreign keys, free to go ahead.
    """
    if parent is not None:
        query = select(Argument.id).where(Argument.id == parent.id)
    else:
        query = select(Position.id).where(Position.id == position.id)
    db.session.execute(query.with_for_update(key_share=True))


def next_path(position: Position, parent: Argument | None) -> str:
    """Number the new argument after its last sibling."""
    last = db.session.scalar(
        siblings_of(position, parent).with_only_columns(func.max(Argument.path))
    )
    number = int(last.rsplit(".", 1)[-1]) + 1 if last else 1
    if number > MAX_SIBLINGS:
        raise Conflict(_("This branch is full; answer one of its arguments instead."))
    segment = path_segment(number)
    return f"{parent.path}.{segment}" if parent else segment


def post_argument(
    position: Position,
    author: User,
    side: Side,
    claim: str,
    body: str = "",
    parent: Argument | None = None,
    allow_similar: bool = False,
) -> Argument:
    """Post an argument for or against the position, or against another argument."""
    debate = position.debate
    check_can_post(position, author, parent)
    check_side(author, position, side, parent).enforce()
    check_hourly_limit(debate, author)
    claim, body = check_text(claim, body)
    held = not skips_review(author, debate) and holds_for_trust(author, debate, claim, body)
    lock_siblings(position, parent)
    check_not_duplicate(position, parent, claim)
    if not allow_similar and (matches := find_similar(position, parent, claim, author)):
        raise SimilarArgumentExists(matches)
    supports = side == Side.PRO
    if parent is not None:
        supports = parent.supports_position if supports else not parent.supports_position
    # Two people answering the same parent at once may pick the same number: retry.
    for _attempt in range(5):
        argument = Argument(
            position=position,
            parent=parent,
            author=author,
            side=side,
            supports_position=supports,
            path=next_path(position, parent),
            depth=parent.depth + 1 if parent else 1,
            claim=claim,
            claim_key=claim_key(claim),
            body=body,
            moderation=(
                ModerationState.PENDING
                if held or waits_for_review(author, debate)
                else ModerationState.VISIBLE
            ),
        )
        try:
            with db.session.begin_nested():
                db.session.add(argument)
                db.session.flush()
        except IntegrityError:
            continue
        notify_reply(argument)
        notify_mentions(argument)
        notify_followers(argument)
        follow_what_one_posts_in(author, argument)
        if argument.moderation == ModerationState.PENDING:
            notify_moderators(
                debate,
                lambda label=argument.label: (
                    _("A new reply, %(label)s, in “%(title)s” waits for review.",
                      label=label, title=debate.title)
                    if parent else
                    _("A new argument, %(label)s, in “%(title)s” waits for review.",
                      label=label, title=debate.title)
                ),
                argument,
                author,
            )
        return argument
    raise Conflict(_("Many people are posting here at once; please try again."))


def check_can_post(position: Position, author: User, parent: Argument | None = None) -> None:
    """Refuse, with the reason, someone who may not argue on this position (or reply to this
    argument) now."""
    if parent is None:
        require(author, Action.ARGUE, position)
        return
    if parent.position_id != position.id:
        raise DomainError(_("That argument belongs to another position."))
    require(author, Action.REPLY, parent)


def check_hourly_limit(debate: Debate, author: User) -> None:
    """Refuse a post beyond the debate's limit per person per hour; moderators are exempt."""
    if skips_review(author, debate):
        return
    limit = hourly_limit_of(author, debate)
    if not limit:
        return
    if posts_in_last_hour(debate, author) < limit:
        return
    if limit != debate.posts_per_hour:
        raise HourlyLimitReached(_(
            "New accounts may post %(limit)s arguments an hour in a debate; please wait a "
            "while before posting again.", limit=limit,
        ))
    raise HourlyLimitReached(
        _(
            "You have posted %(limit)s arguments here in the last hour, this debate's "
            "limit. Please wait a while before posting again.",
            limit=limit,
        )
    )


def edit_argument(argument: Argument, editor: User, claim: str, body: str) -> None:
    """Change an argument's text, keeping the previous text in its history."""
    require(editor, Action.EDIT_OWN, argument)
    claim, body = check_text(claim, body)
    if claim == argument.claim and body == argument.body:
        return
    check_not_duplicate(argument.position, argument.parent, claim, exclude=argument)
    argument.revisions.append(
        ArgumentRevision(claim=argument.claim, body=argument.body, was_shown=argument.is_visible)
    )
    argument.claim, argument.claim_key, argument.body = claim, claim_key(claim), body
    argument.edited_at = utcnow()
    was_pending = argument.moderation == ModerationState.PENDING
    if argument.moderation == ModerationState.HIDDEN:
        # An author who mends hidden content sends it back for review.
        argument.moderation = ModerationState.PENDING
        argument.moderation_reason = "Edited by its author after being hidden; waiting for review."
    elif argument.is_visible and waits_for_review(editor, argument.position.debate):
        # Otherwise an approved text could be swapped for anything once it is shown.
        argument.moderation = ModerationState.PENDING
        argument.moderation_reason = "Edited by its author; waiting for review."
    if argument.moderation == ModerationState.PENDING and not was_pending:
        debate = argument.position.debate
        notify_moderators(
            debate,
            lambda: _("Argument %(label)s in “%(title)s” was edited and waits for review.",
                      label=argument.label, title=debate.title),
            argument,
            editor,
        )
    db.session.flush()


def has_replies(argument: Argument) -> bool:
    """Say whether any argument answers this one, or links to it from elsewhere (deleting it
    would delete the links)."""
    query = select(Argument.id).where(
        or_(Argument.parent_id == argument.id, Argument.link_to_id == argument.id)
    ).limit(1)
    return db.session.scalar(query) is not None


def withdraw_argument(argument: Argument, author: User) -> bool:
    """Withdraw an argument: archive it when it has replies, delete it otherwise.

    Return True when it was archived, False when it was deleted.
    """
    require(author, Action.WITHDRAW_OWN, argument)
    if has_replies(argument):
        argument.withdrawn_at = utcnow()
        db.session.flush()
        return True
    db.session.delete(argument)
    db.session.flush()
    return False


def attach_evidence(
    argument: Argument,
    user: User,
    kind: EvidenceKind,
    title: str,
    url: str | None = None,
    passage: Passage | None = None,
    excerpt: str = "",
) -> Evidence:
    """Back an argument with a web source or a passage of the debate's material."""
    require(user, Action.ATTACH_EVIDENCE, argument)
    title, excerpt, url = " ".join(title.split()), (excerpt or "").strip(), (url or "").strip()
    if (url and passage) or not (url or passage):
        raise DomainError(_(
            "Give either a web address or a passage of the material.",
        ), field="url")
    if url:
        try:
            parts = urlsplit(url)
        except ValueError:
            # An unclosed "[" around an IPv6 host: no host at all, refused just below.
            parts = None
        if parts is not None and (parts.scheme.lower() not in ("http", "https")
                                  or not parts.netloc):
            raise DomainError(_("Only http:// and https:// addresses are accepted."),
                              field="url")
        if parts is None or web_host(url) is None:
            raise DomainError(
                _(
                    "This address has no valid host name: check it has no spaces or stray "
                    "characters, as in https://example.org/page.",
                ),
                field="url",
            )
        if len(url) > URL_MAX:
            raise DomainError(_(
                "Keep the address to %(url_max)s characters.",
                url_max=format_number(URL_MAX),
            ), field="url")
    if passage is not None and passage.material_id != argument.position.debate.material_id:
        raise DomainError(_("Cite a passage of this debate's material."), field="passage")
    if not title:
        if passage is None:
            raise DomainError(_("Give the source a title."), field="title")
        title = f"Passage {passage.number} of the material"
    if len(title) > EVIDENCE_TITLE_MAX:
        raise DomainError(_(
            "Keep the title to %(evidence_title_max)s characters.",
            evidence_title_max=EVIDENCE_TITLE_MAX,
        ), field="title")
    if len(excerpt) > EXCERPT_MAX:
        raise DomainError(_(
            "Keep the excerpt to %(excerpt_max)s characters.",
            excerpt_max=format_number(EXCERPT_MAX),
        ), field="excerpt")
    for existing in argument.evidence:
        if url and existing.url_key == url_key(url):
            raise Conflict(_("This source is already attached to this argument."), field="url")
        if passage is not None and existing.passage_id == passage.id:
            raise Conflict(_("This passage is already cited by this argument."), field="passage")
    # Two tabs sending the same source at once both pass the check above; the unique
    # constraint refuses the second, which must read as the same refusal, not a crash.
    try:
        with db.session.begin_nested():
            evidence = Evidence(
                argument=argument,
                moderation=(
                    ModerationState.PENDING
                    if waits_for_review(user, argument.position.debate)
                    else ModerationState.VISIBLE
                ),
                added_by=user,
                kind=kind,
                title=title,
                url=url or None,
                passage=passage,
                excerpt=excerpt,
            )
            db.session.add(evidence)
            db.session.flush()
    except IntegrityError:
        db.session.expire(argument, ["evidence"])
        if url:
            raise Conflict(
                _("This source is already attached to this argument."), field="url"
            ) from None
        raise Conflict(
            _("This passage is already cited by this argument."), field="passage"
        ) from None
    if evidence.moderation == ModerationState.PENDING:
        debate = argument.position.debate
        notify_moderators(
            debate,
            lambda: _("New evidence on argument %(label)s in “%(title)s” waits for review.",
                      label=argument.label, title=debate.title),
            argument,
            user,
        )
    return evidence
