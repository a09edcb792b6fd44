"""Serve the admins' list of topics and the owner's choice of a debate's topics."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.debates.directory import all_topics
from app.errors import beside_field, form_status
from app.extensions import db
from app.htmx import hx_redirect, render
from app.models import Topic
from app.policy import Action
from app.topics import bp
from app.topics.forms import DebateTopicsForm, TopicForm
from app.topics.services import add_topic, delete_topic, require_admin, set_debate_topics
from app.visibility import load_debate


@bp.route("/topics", methods=["GET", "POST"])
@login_required
def index():
    """List the site-wide topics and add one (admins only)."""
    require_admin(current_user)
    form = TopicForm()
    if form.validate_on_submit():
        with beside_field(form, "name"):
            topic = add_topic(form.name.data, current_user)
            db.session.commit()
            flash(_("Added the topic “%(name)s”.", name=topic.name), "success")
            return hx_redirect(url_for("topics.index"))
    return render("topics/index.html", None, form_status(), form=form, topics=all_topics())


@bp.post("/topics/<int:topic_id>/delete")
@login_required
def delete(topic_id: int):
    """Take a topic off the list and off every debate filed under it (admins only)."""
    require_admin(current_user)
    topic = db.get_or_404(Topic, topic_id)
    delete_topic(topic, current_user)
    db.session.commit()
    flash(_("Removed the topic “%(name)s”.", name=topic.name), "success")
    return hx_redirect(url_for("topics.index"))


@bp.route("/debates/<int:debate_id>/topics", methods=["GET", "POST"])
@login_required
def choose(debate_id: int):
    """Choose the topics a debate is filed under (its owner)."""
    debate = load_debate(debate_id, current_user, then=Action.MANAGE)
    form = DebateTopicsForm()
    if not form.is_submitted():
        form.topics.data = [topic.id for topic in debate.topics]
    topics = all_topics()
    form.topics.choices = [(topic.id, topic.name) for topic in topics]
    if form.validate_on_submit():
        with beside_field(form, "topics"):
            set_debate_topics(debate, current_user, form.topics.data or [])
            db.session.commit()
            flash(_("Saved the debate's topics."), "success")
            return hx_redirect(url_for("debates.show", debate_id=debate.id))
    return render("topics/choose.html", None, form_status(), form=form, debate=debate,
                  topics=topics)
