"""Decide what a person may see: each rule in its SQL form and its Python form, side by side.

The SQL forms are where-clauses that lists and counts share; the Python forms answer for one
object already loaded. The loaders at the end answer 404 for what a person may not see.
"""

from functools import cache

from flask_babel import gettext as _
from sqlalchemy import (
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import aliased, contains_eager, joinedload

from app.errors import NotFound
from app.extensions import db
from app.models import (
    Argument,
    ArgumentRevision,
    Debate,
    DebateStatus,
    Evidence,
    Membership,
    ModerationState,
    Position,
    Role,
    Visibility,
)
from app.models.columns import utcnow
from app.policy import (
    Action,
    Standing,
    allows,
    is_admin,
    is_signed_in,
    know_standing,
    memo,
    require,
    standing,
    standing_facts,
)

UNSHOWN = (ModerationState.PENDING, ModerationState.HIDDEN, ModerationState.REJECTED)
# The same states written into the SQL, not bound: from bound values, the plan PostgreSQL keeps
# for a statement it has prepared cannot tell that the partial closing index holds every
# matching argument, and reads the whole position instead.
UNSHOWN_WRITTEN = bindparam("unshown", list(UNSHOWN), expanding=True, literal_execute=True)
# Made once: aliasing a model copies every column, which costs more than the rest of a query.
ANCESTOR = aliased(Argument, name="ancestor")


def sees_everything(user, debate: Debate) -> bool:
    """Moderators see pending, hidden and rejected contributions; everyone else does not."""
    return allows(user, Action.MODERATE, debate)




def shown_debates(user, listed_only: bool = False):
    """Return a where-clause keeping the debates this person may read (or find in lists)."""
    if is_admin(user):
        return true()
    visibilities = [Visibility.PUBLIC] if listed_only else [Visibility.PUBLIC, Visibility.UNLISTED]
    public = (Debate.status != DebateStatus.DRAFT) & Debate.visibility.in_(visibilities)
    if not is_signed_in(user):
        return public
    member_of = select(Membership.debate_id).where(Membership.user_id == user.id)
    return public | Debate.id.in_(member_of)


def sees_debate(user, debate: Debate) -> bool:
    """Say whether this person may read this debate."""
    return allows(user, Action.VIEW, debate)


def select_debates(user, listed_only: bool = False):
    """Select the debates this person may read (or find in lists), newest first."""
    return (
        select(Debate)
        .where(shown_debates(user, listed_only))
        .order_by(Debate.created_at.desc(), Debate.id.desc())
    )




def shown_contributions(debate: Debate, user, state, author_id):
    """Return a where-clause keeping contributions (given their moderation state and author
    columns) shown to everyone, the person's own, or all of them for a moderator."""
    if sees_everything(user, debate):
        return true()
    if is_signed_in(user):
        return or_(state == ModerationState.VISIBLE, author_id == user.id)
    return state == ModerationState.VISIBLE


def sees_contribution(user, debate: Debate, is_visible: bool, author_id: int | None) -> bool:
    """Say whether this person may see one contribution: the Python form of the rule above."""
    return (
        is_visible
        or (is_signed_in(user) and author_id == user.id)
        or sees_everything(user, debate)
    )


def shown_positions(debate: Debate, user):
    """Return a where-clause keeping the positions this person may see in this debate: a
    position a participant proposed waits, seen by them and the moderators, until approved."""
    return shown_contributions(debate, user, Position.moderation, Position.author_id)


def sees_position(user, position: Position) -> bool:
    """Say whether this person may see one position: the Python form of the rule above."""
    return sees_contribution(user, position.debate, position.is_visible, position.author_id)


def shown_positions_anywhere(user):
    """Return a where-clause keeping the positions this person may see across debates, for
    lists and counts that span them: those shown to everyone and the person's own. A
    moderator reviews the others in each debate's queue."""
    if is_signed_in(user):
        return or_(Position.moderation == ModerationState.VISIBLE, Position.author_id == user.id)
    return Position.moderation == ModerationState.VISIBLE


def shown_arguments(debate: Debate, user):
    """Return a where-clause keeping the arguments this person may see in this debate."""
    return shown_contributions(debate, user, Argument.moderation, Argument.author_id)


def sees_argument(user, argument: Argument) -> bool:
    """Say whether this person may see one argument (leaving aside the branch above it)."""
    debate = argument.position.debate
    return sees_contribution(user, debate, argument.is_visible, argument.author_id)


def shown_branches(debate: Debate, user):
    """Return a where-clause keeping the arguments this person may see whose every ancestor
    they may see too: a shown reply under a hidden argument is part of what is hidden."""
    if sees_everything(user, debate):
        return true()
    user_id = user.id if is_signed_in(user) else None
    return and_(shown_arguments(debate, user), ~under_unshown(user_id))


def under_unshown(user_id):
    """Return a condition true of an argument below one this person (None for anonymous) may
    not see, leaving moderators aside (they see everything)."""
    ancestor = ANCESTOR
    # IN lets the closing index find the few unshown arguments instead of scanning all.
    unshown = ancestor.moderation.in_(UNSHOWN_WRITTEN)
    if user_id is not None:
        unshown = and_(unshown, or_(ancestor.author_id.is_(None), ancestor.author_id != user_id))
    return exists().where(
        ancestor.position_id == Argument.position_id,
        Argument.path.like(ancestor.path + ".%"),
        unshown,
    )


@cache
def unshown_arguments():
    """Return the arguments nobody but their authors and moderators sees, as a statement read
    once: checked against thousands of matches one by one, the rule of under_unshown(None)
    led the planner to search each match's whole position."""
    return (
        select(ANCESTOR.position_id, ANCESTOR.path)
        .where(ANCESTOR.moderation.in_(UNSHOWN_WRITTEN))
        .cte("unshown")
        .prefix_with("MATERIALIZED")
    )


def shown_to_everyone():
    """Return a where-clause keeping the arguments anyone may read, signed in or not: shown,
    not withdrawn, under a chain of shown arguments and a shown position. Search and feeds
    list only these."""
    unshown = unshown_arguments()
    return and_(
        Argument.position.has(Position.moderation == ModerationState.VISIBLE),
        Argument.moderation == ModerationState.VISIBLE,
        Argument.withdrawn_at.is_(None),
        ~exists().where(
            unshown.c.position_id == Argument.position_id,
            Argument.path.like(unshown.c.path + ".%"),
        ),
    )


def sees_branch(user, argument: Argument, ancestors: list[Argument]) -> bool:
    """Say whether this person may see an argument and every argument above it."""
    return all(sees_argument(user, each) for each in (*ancestors, argument))




def shown_evidence(debate: Debate, user):
    """Return a where-clause keeping the evidence this person may see in this debate."""
    return shown_contributions(debate, user, Evidence.moderation, Evidence.added_by_id)


def sees_revision(user, revision: ArgumentRevision) -> bool:
    """Say whether this person may read one earlier version of an argument: text replaced while
    it was not shown stays with its author and the moderators."""
    argument = revision.argument
    debate = argument.position.debate
    return sees_contribution(user, debate, revision.was_shown, argument.author_id)


def shows_tally(debate: Debate, has_rated: bool) -> bool:
    """Against herding, hide an argument's tally until one has rated it, while the debate is open
    and set so; anyone may read the tallies of a closed debate."""
    return not debate.hide_tallies_until_rated or has_rated or debate.is_closed




def load_debate(debate_id: int, user, then: Action | None = None) -> Debate:
    """Load a debate this person may see, or answer 404 as if it did not exist; with `then`,
    also refuse (403) unless they may do that to it."""
    debate = db.session.get(Debate, debate_id)
    if debate is None or not sees_debate(user, debate):
        raise NotFound(_("Debate %(debate_id)s does not exist.", debate_id=debate_id))
    if then is not None:
        require(user, then, debate)
    return debate


def load_position(position_id: int, user, *options) -> Position:
    """Load a position this person may see, in a debate they may see (with any loader
    options), or answer 404."""
    position = db.session.get(Position, position_id, options=options)
    if (
        position is None
        or not sees_debate(user, position.debate)
        or not sees_position(user, position)
    ):
        raise NotFound(_("Position %(position_id)s does not exist.", position_id=position_id))
    return position


def load_argument(argument_id: int, user) -> Argument:
    """Load an argument this person may see, under a chain they may see, or answer 404.

    One query brings the argument, its position and debate, whether anything above it is
    hidden from this person, and their standing in the debate, which every action on the
    argument then asks about.
    """
    if is_signed_in(user):
        values = {"argument_id": argument_id, "user_id": user.id, "now": utcnow()}
        row = db.session.execute(argument_loader(True), values).one_or_none()
    else:
        row = db.session.execute(argument_loader(False), {"argument_id": argument_id})
        row = row.one_or_none()
    if row is None:
        raise NotFound(_("Argument %(argument_id)s does not exist.", argument_id=argument_id))
    argument, hidden_above, *found = row
    debate = argument.position.debate
    if found:
        know_standing(user, debate, *found)
    if not sees_debate(user, debate) or not sees_argument(user, argument):
        raise NotFound(_("Argument %(argument_id)s does not exist.", argument_id=argument_id))
    # Nothing is argued under a position waiting for review; this keeps it so if it changes.
    if not sees_position(user, argument.position):
        raise NotFound(_("Argument %(argument_id)s does not exist.", argument_id=argument_id))
    if hidden_above and not sees_everything(user, debate):
        raise NotFound(_("Argument %(argument_id)s does not exist.", argument_id=argument_id))
    return argument


@cache
def argument_loader(signed_in: bool):
    """Return the statement `load_argument` runs, built once and filled in with bound values:
    building it anew cost every rating more CPU than PostgreSQL took to run it."""
    user_id = bindparam("user_id") if signed_in else None
    facts = standing_facts(user_id, Position.debate_id, bindparam("now")) if signed_in else ()
    return (
        select(Argument, under_unshown(user_id), *facts)
        .join(Argument.position)
        .join(Position.debate)
        .options(contains_eager(Argument.position).contains_eager(Position.debate))
        .where(Argument.id == bindparam("argument_id"))
    )


def load_branch(argument_id: int, user) -> tuple[Argument, list[Argument]]:
    """Load an argument this person may see with the chain above it, from the top down, or
    answer 404 when they may not see the argument or any link of its chain."""
    argument = db.session.get(
        Argument,
        argument_id,
        options=[joinedload(Argument.position).joinedload(Position.debate)],
    )
    if argument is None or not sees_debate(user, argument.position.debate):
        raise NotFound(_("Argument %(argument_id)s does not exist.", argument_id=argument_id))
    ancestors = db.session.scalars(argument.select_ancestors()).all() if argument.parent_id else []
    if not sees_branch(user, argument, ancestors) or not sees_position(user, argument.position):
        raise NotFound(_("Argument %(argument_id)s does not exist.", argument_id=argument_id))
    return argument, ancestors


def load_item(kind: str, item_id: int, user) -> Position | Argument | Evidence:
    """Load a position, an argument, or evidence under an argument, that this person may
    see."""
    if kind == "position":
        return load_position(item_id, user)
    if kind == "argument":
        return load_argument(item_id, user)
    evidence = db.session.get(Evidence, item_id) if kind == "evidence" else None
    if evidence is None:
        raise NotFound(_("This does not exist."))
    load_argument(evidence.argument_id, user)
    return evidence



# Names in class debates that are anonymous to peers: students see one another as "Student 7".
# So do the class's teachers wherever students look too (the debate's pages, fragments, API,
# exports and log): a teacher reveals a name on purpose, and the debate's log records it. Their
# own roster and gradebook name everyone.

NAMES_SHOWN_TO = (Standing.MODERATOR, Standing.ADMIN)


def masks_names(debate: Debate, viewer) -> bool:
    """Say whether this person sees the debate's students by pseudonym rather than name."""
    return debate.peers_anonymous and standing(viewer, debate) not in NAMES_SHOWN_TO


def pseudonym_label(number: int) -> str:
    """Name a student by their number in a debate."""
    return _("Student %(number)s", number=number)


def names_in(debate: Debate) -> dict[int, int | None]:
    """Return, once per request, each member's pseudonym number (None for those who run the
    debate and go by their names)."""
    key = ("pseudonyms", debate.id)
    known = memo()
    if key not in known:
        known[key] = dict(db.session.execute(
            select(Membership.user_id, Membership.pseudonym).where(
                Membership.debate_id == debate.id,
                Membership.pseudonym.is_not(None) | Membership.role.in_(
                    (Role.OWNER, Role.MODERATOR)),
            )
        ).all())
    return known[key]


def shown_name(debate: Debate, viewer, author_id: int | None, name: str) -> str:
    """Return the name this person sees for an author: the pseudonym of another student in a
    debate anonymous to peers, the name itself otherwise."""
    if author_id is None or not masks_names(debate, viewer):
        return name
    if is_signed_in(viewer) and viewer.id == author_id:
        return name
    known = names_in(debate)
    if author_id in known and known[author_id] is None:
        return name
    return pseudonym_label(known[author_id]) if known.get(author_id) else _("a former member")


def shown_author(argument: Argument, viewer) -> str:
    """Return the author's name, or pseudonym, as this person sees it on an argument."""
    return shown_name(argument.position.debate, viewer, argument.author_id, argument.author_name)


def author_column(debate: Debate, viewer, name_column):
    """Return the SQL for the name this person sees of each argument's author: the column
    itself, or another student's pseudonym where the debate is anonymous to peers."""
    if not masks_names(debate, viewer):
        return name_column
    pseudonym = (
        select(Membership.pseudonym)
        .where(Membership.debate_id == debate.id, Membership.user_id == Argument.author_id)
        .scalar_subquery()
    )
    runs = exists().where(
        Membership.debate_id == debate.id,
        Membership.user_id == Argument.author_id,
        Membership.role.in_((Role.OWNER, Role.MODERATOR)),
    )
    own = Argument.author_id == viewer.id if is_signed_in(viewer) else false()
    label = func.replace(literal(pseudonym_label(987654321)), "987654321",
                         cast(pseudonym, String))
    return case(
        (Argument.author_id.is_(None) | own | runs, name_column),
        (pseudonym.is_not(None), label),
        else_=literal(_("a former member")),
    )
