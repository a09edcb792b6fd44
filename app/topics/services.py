"""Keep the site-wide list of topics and the topics each debate is filed under."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.models import Debate, Topic, User
from app.policy import Action, is_admin, require
from app.text import comparison_key

# More would make the directory's filter a wall of words.
MOST_TOPICS_PER_DEBATE = 5


def require_admin(user) -> None:
    """Refuse anyone but a site admin."""
    if not is_admin(user):
        raise NotAllowed(_l("Only the site's admins can change the list of topics."))


def add_topic(name: str, user: User) -> Topic:
    """Add a topic to the site-wide list, refusing one that is already there in any case."""
    require_admin(user)
    name = " ".join(name.split())
    key = comparison_key(name)
    for existing in db.session.scalars(select(Topic).where(func.lower(Topic.name) == name.lower())):
        if comparison_key(existing.name) == key:
            raise Conflict(_l("“%(name)s” is already a topic.", name=existing.name), "name")
    topic = Topic(name=name)
    db.session.add(topic)
    db.session.flush()
    return topic


def delete_topic(topic: Topic, user: User) -> None:
    """Take a topic off the list, and off every debate filed under it."""
    require_admin(user)
    db.session.delete(topic)
    db.session.flush()


def set_debate_topics(debate: Debate, user: User, topic_ids: list[int]) -> None:
    """File a debate under these topics, chosen by its owner from the site-wide list."""
    require(user, Action.MANAGE, debate)
    chosen = set(topic_ids)
    if len(chosen) > MOST_TOPICS_PER_DEBATE:
        raise Conflict(
            _l("Choose at most %(count)s topics.", count=MOST_TOPICS_PER_DEBATE), "topics"
        )
    topics = list(db.session.scalars(select(Topic).where(Topic.id.in_(chosen)))) if chosen else []
    if len(topics) != len(chosen):
        raise Conflict(_l("One of these topics no longer exists."), "topics")
    debate.topics = sorted(topics, key=lambda topic: topic.name)
    db.session.flush()
