"""Show what convinces people on a position, ask what moved someone who changed stance, and
brief a reader on the state of a debate."""

from datetime import date, datetime, time

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.errors import BadRequest, Conflict, NotFound
from app.extensions import db
from app.htmx import render
from app.insight import bp
from app.insight.brief import debate_brief
from app.insight.change import most_persuasive, opinion_change, record_reasons
from app.insight.charts import (
    HEIGHT,
    MARGIN,
    WIDTH,
    bars,
    heat,
    share_lines,
    transition_cells,
)
from app.insight.contribute import (
    next_to_rate,
    one_sided_branches,
    own_needing_evidence,
    unanswered_from_other_side,
)
from app.insight.forms import MovedForm
from app.insight.opinion_map import GROUP_MIN, MAP_MIN_PARTICIPANTS
from app.insight.ranking import cross_side, freshness, map_for, map_json
from app.models import Argument, StanceChange, StanceReason
from app.opinion import shares
from app.policy import Action, require
from app.policy import allows as can
from app.visibility import load_debate, load_position, shown_branches

MOVED_CHOICES_MOST = 40


def date_asked(name: str, end_of_day: bool = False) -> datetime | None:
    """Read an optional YYYY-MM-DD query value; refuse anything else with a 400."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadRequest(_("Give dates as YYYY-MM-DD."), field=name) from None
    return datetime.combine(day, time.max if end_of_day else time.min)


def change_asked(position):
    """Read the optional date range and sum up the position's stance history within it."""
    since, until = date_asked("since"), date_asked("until", end_of_day=True)
    if since and until and since > until:
        raise BadRequest(_("The start date must come before the end date."), field="since")
    return opinion_change(position, since, until), since, until


@bp.get("/positions/<int:position_id>/insight")
def position(position_id: int):
    """Show what convinces people on a position: the cross-side ranking and how minds moved."""
    position = load_position(position_id, current_user)
    debate = position.debate
    change, since, until = change_asked(position)
    ranked = cross_side(position, current_user, limit=10)
    claims = dict(db.session.execute(
        select(Argument.id, Argument.claim).where(Argument.id.in_([a for a, _ in ranked]))
    ).all()) if ranked else {}
    return render(
        "insight/position.html",
        debate=debate,
        position=position,
        ranked=[(argument_id, claims.get(argument_id, ""), score) for argument_id, score in ranked],
        freshness=freshness(position),
        change=change,
        since=since,
        until=until,
        persuasive=most_persuasive(position, shown_branches(debate, current_user)),
        lines=share_lines(change.series),
        bars=bars(shares(change.first), shares(change.current)),
        heat=heat(change.matrix),
        cells=transition_cells(change.matrix),
        chart={"width": WIDTH, "height": HEIGHT, "margin": MARGIN},
        opinion_map=map_json(map_for(position, current_user)),
        map_minimum=MAP_MIN_PARTICIPANTS,
        group_minimum=GROUP_MIN,
    )


def own_change(position, change_id: int) -> StanceChange:
    """Load one of the signed-in person's own stance changes on this position, or 404."""
    change = db.session.get(StanceChange, change_id)
    if change is None or change.position_id != position.id or change.user_id != current_user.id:
        raise NotFound(_("This change of stance does not exist."))
    return change


def previous_stance(change: StanceChange):
    """Return the stance the person held just before this change."""
    return db.session.scalar(
        select(StanceChange.stance)
        .where(StanceChange.position_id == change.position_id,
               StanceChange.user_id == change.user_id, StanceChange.id < change.id)
        .order_by(StanceChange.id.desc())
        .limit(1)
    )


@bp.route("/positions/<int:position_id>/moved/<int:change_id>", methods=["GET", "POST"])
@login_required
def moved(position_id: int, change_id: int):
    """Ask, after a change of stance, which arguments changed one's mind (optional)."""
    position = load_position(position_id, current_user)
    change = own_change(position, change_id)
    answered = db.session.scalar(
        select(StanceReason.id).where(StanceReason.stance_change_id == change.id).limit(1)
    )
    back = url_for("debates.position", debate_id=position.debate_id, position_id=position.id)
    arguments = db.session.scalars(
        select(Argument)
        .where(Argument.position_id == position.id, Argument.depth == 1,
               Argument.withdrawn_at.is_(None), shown_branches(position.debate, current_user))
        .order_by(Argument.side, Argument.id)
        .limit(MOVED_CHOICES_MOST)
    ).all()
    form = MovedForm()
    form.arguments.choices = [(argument.id, argument.claim) for argument in arguments]
    if request.method == "POST":
        require(current_user, Action.TAKE_STANCE, position)
        if answered is not None:
            raise Conflict(_("You already said what moved you to this stance."))
        if change.stance is None:
            raise Conflict(_("You withdrew your stance; there is nothing to explain."))
        if form.validate_on_submit():
            chosen = [a for a in arguments if a.id in set(form.arguments.data or [])]
            record_reasons(change, previous_stance(change), chosen)
            db.session.commit()
            return redirect(back, 303)
    status = 422 if request.method == "POST" else 200
    return render("insight/moved.html", status=status, position=position,
                  debate=position.debate, change=change, form=form, back=back,
                  answered=answered is not None)


@bp.get("/debates/<int:debate_id>/brief")
def brief(debate_id: int):
    """Show the state of a debate on one printable page."""
    debate = load_debate(debate_id, current_user)
    return render("insight/brief.html", debate=debate, position=None,
                  brief=debate_brief(debate, current_user))


@bp.get("/positions/<int:position_id>/brief")
def position_brief(position_id: int):
    """Show the state of one position on one printable page."""
    position = load_position(position_id, current_user)
    debate = position.debate
    return render("insight/brief.html", debate=debate, position=position,
                  brief=debate_brief(debate, current_user, position))


@bp.get("/debates/<int:debate_id>/brief.md")
def brief_markdown(debate_id: int):
    """Download the state of a debate as Markdown."""
    debate = load_debate(debate_id, current_user)
    text = render_template("insight/brief.md", debate=debate,
                           brief=debate_brief(debate, current_user))
    return Response(text, mimetype="text/markdown", headers={
        "Content-Disposition": f'attachment; filename="debate-{debate.id}-brief.md"',
    })


@bp.get("/positions/<int:position_id>/brief.md")
def position_brief_markdown(position_id: int):
    """Download the state of one position as Markdown."""
    position = load_position(position_id, current_user)
    debate = position.debate
    text = render_template("insight/brief.md", debate=debate, position=position,
                           brief=debate_brief(debate, current_user, position))
    return Response(text, mimetype="text/markdown", headers={
        "Content-Disposition": f'attachment; filename="position-{position.id}-brief.md"',
    })


@bp.app_template_filter("md")
def markdown_text(text: str) -> str:
    """Write people's text into Markdown as plain text: one line, its syntax escaped."""
    flat = " ".join(str(text).split())
    return "".join("\\" + char if char in "\\`*_{}[]()#+-.!<>|" else char for char in flat)


@bp.get("/debates/<int:debate_id>/contribute")
@login_required
def contribute(debate_id: int):
    """Suggest where the signed-in person could contribute next, with a guided rating walk:
    one argument at a time, without others' ratings until one has rated it."""
    debate = load_debate(debate_id, current_user)
    argument, left = next_to_rate(debate, current_user)
    return render(
        "insight/contribute.html",
        debate=debate,
        walk=argument if argument is not None and can(current_user, Action.RATE, argument)
        else None,
        left=left,
        other_side=unanswered_from_other_side(debate, current_user),
        one_sided=one_sided_branches(debate, current_user),
        needing_evidence=own_needing_evidence(debate, current_user),
    )
