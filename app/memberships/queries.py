"""Read a debate's members and invite links for the settings page, a page at a time."""

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from app.models import Debate, Invite, Membership, Role
from app.pagination import Cursor, Slice, keyset

MEMBERS_PAGE_SIZE = 50
INVITES_PAGE_SIZE = 20
# The owner comes first, then everyone in the order they joined.
MEMBER_ORDER = (case((Membership.role == Role.OWNER, 0), else_=1), Membership.id)


def members_page(debate: Debate, cursor: Cursor) -> Slice[Membership]:
    """Return the page of a debate's memberships, with their people, after a cursor."""
    return keyset(
        select(Membership)
        .where(Membership.debate_id == debate.id)
        .options(selectinload(Membership.user)),
        MEMBER_ORDER,
        lambda membership: (int(membership.role != Role.OWNER), membership.id),
        cursor,
        MEMBERS_PAGE_SIZE,
    )


def invites_page(debate: Debate, cursor: Cursor) -> Slice[Invite]:
    """Return the page of a debate's invite links after a cursor, newest first."""
    return keyset(
        select(Invite).where(Invite.debate_id == debate.id),
        (Invite.id,),
        lambda invite: (invite.id,),
        cursor,
        INVITES_PAGE_SIZE,
        descending=True,
    )
