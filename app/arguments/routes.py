"""Serve the argument tree: reading, posting, editing, evidence and votes."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms.fields import SelectChoice

from app.arguments import bp
from app.arguments.forms import ArgumentForm, EditArgumentForm, EvidenceForm, RatingForm, StanceForm
from app.arguments.queries import (
    BRANCH_DEPTH,
    branch_pages,
    evidence_library,
    page_of,
    select_children,
    select_evidence,
    sort_named,
    tallies_for,
)
from app.arguments.services import (
    SimilarArgumentExists,
    attach_evidence,
    check_can_post,
    edit_argument,
    find_similar,
    post_argument,
    withdraw_argument,
)
from app.arguments.votes import rate_argument, rate_with_tally, stance_tally, take_stance
from app.errors import NotFound, beside_field, form_status
from app.extensions import db
from app.htmx import announce, hx_redirect, render, wants_fragment
from app.i18n import term
from app.insight.charts import HEIGHT, MARGIN, WIDTH
from app.insight.ranking import badges, rating_spread
from app.metrics import count
from app.models import Argument, EvidenceKind, Side, StanceChoice
from app.models.rating import RATING_LABELS
from app.pagination import Cursor
from app.policy import Action, require
from app.security import is_safe_redirect, page_number, query_int
from app.visibility import (
    load_argument,
    load_branch,
    load_debate,
    load_position,
    sees_revision,
    shows_tally,
)


def argument_url(argument: Argument) -> str:
    """Link to an argument where it reads best: its own page."""
    return url_for("arguments.show", argument_id=argument.id, _anchor=argument.anchor)


def place_in_tree(argument: Argument) -> str:
    """Link to a new argument where it stands in the tree, newest first so that it shows:
    among its parent's replies, or in its position's columns."""
    if argument.parent_id is not None:
        return url_for("arguments.show", argument_id=argument.parent_id, sort="newest",
                       _anchor=argument.anchor)
    return url_for("debates.position", debate_id=argument.position.debate_id,
                   position_id=argument.position_id, sort="newest", _anchor=argument.anchor)


def back_to(argument: Argument) -> str:
    """Return to the page the form was sent from when it is on this site, else the argument."""
    target = request.form.get("next") or request.args.get("next")
    return target if is_safe_redirect(target) else argument_url(argument)


def parent_arg(position) -> Argument | None:
    """Load the argument named by ?parent=, which must stand under this position."""
    if not request.values.get("parent"):
        return None
    parent_id = query_int("parent")
    if parent_id is None:
        # Posting at the top instead would answer a different question than the one asked.
        raise NotFound(_("That argument does not exist."))
    # The form quotes its parent, so the parent and its chain must be readable to the poster.
    parent = load_argument(parent_id, current_user)
    if parent is not None and parent.position_id != position.id:
        raise NotFound(_("Argument %(parent_id)s does not exist.", parent_id=parent_id))
    return parent


@bp.get("/arguments/<int:argument_id>")
def show(argument_id: int):
    """Show one argument with the chain above it, its evidence and its replies."""
    argument, ancestors = load_branch(argument_id, current_user)
    sort = sort_named(request.args.get("sort"))
    position = argument.position
    columns = {
        side: page_of(select_children(position, argument, side, sort, current_user), 1)
        for side in Side
    }
    replies = [reply for page in columns.values() for reply in page.items]
    tallies = tallies_for(position.debate, [argument, *ancestors, *replies], current_user)
    mine = tallies.get(argument.id)
    # Read whether or not it is shown, so that the page costs the same queries either way.
    spread = rating_spread(argument)
    return render_template(
        "arguments/show.html",
        spread=spread
        if shows_tally(position.debate, bool(mine and mine.my_rating is not None)) else None,
        chart={"width": WIDTH, "height": HEIGHT, "margin": MARGIN},
        argument=argument,
        position=position,
        debate=position.debate,
        ancestors=ancestors,
        shown_evidence=db.session.scalars(select_evidence(argument, current_user)).all(),
        columns=columns,
        sort=sort,
        tallies=tallies,
    )


@bp.get("/positions/<int:position_id>/arguments")
def column(position_id: int):
    """Load the next page of a column: a fragment for htmx, the position page otherwise."""
    position = load_position(position_id, current_user)
    side = Side.CON if request.args.get("side") == "con" else Side.PRO
    page = page_number()
    sort = sort_named(request.args.get("sort"))
    if not wants_fragment():
        return redirect(
            url_for(
                "debates.position",
                debate_id=position.debate_id,
                position_id=position.id,
                sort=sort,
                **{f"{side.value}_page": page},
            )
        )
    arguments = page_of(select_children(position, None, side, sort, current_user), page)
    return render(
        "arguments/_column_page.html",
        position=position,
        debate=position.debate,
        side=side,
        column=arguments,
        sort=sort,
        tallies=tallies_for(position.debate, arguments.items, current_user),
        badges=badges(position, arguments.items, current_user),
    )


@bp.get("/arguments/<int:argument_id>/replies")
def replies(argument_id: int):
    """List an argument's replies: a fragment for htmx, its own page otherwise."""
    argument = load_argument(argument_id, current_user)
    if not wants_fragment():
        return redirect(url_for("arguments.show", argument_id=argument.id))
    debate = argument.position.debate
    if request.args.get("hide"):
        tally = tallies_for(debate, [argument], current_user).get(argument.id)
        return render("arguments/_replies_toggle.html", argument=argument, expanded=False,
                      oob=True, tally=tally)
    sort = sort_named(request.args.get("sort"))
    depth = query_int("depth", 1, BRANCH_DEPTH)
    if depth > 1:
        branch = branch_pages(argument, depth, sort, current_user)
        children = branch.pop(argument.id)
    else:
        branch = {}
        children = page_of(
            select_children(argument.position, argument, sort=sort, user=current_user),
            page_number(),
        )
    shown = [reply for page in (children, *branch.values()) for reply in page.items]
    return render(
        "arguments/_replies.html",
        parent=argument,
        children=children,
        branch=branch,
        sort=sort,
        debate=debate,
        tallies=tallies_for(debate, shown, current_user),
    )


@bp.route("/positions/<int:position_id>/arguments/new", methods=["GET", "POST"])
@login_required
def new(position_id: int):
    """Post an argument for or against the position, or in reply to another argument."""
    position = load_position(position_id, current_user)
    parent = parent_arg(position)
    check_can_post(position, current_user, parent)
    form = ArgumentForm()
    if request.method == "GET" and request.args.get("side") in ("pro", "con"):
        form.side.data = request.args["side"]
    similar = []
    if form.validate_on_submit():
        with beside_field(form, "claim") as refusal:
            argument = post_argument(
                position,
                current_user,
                Side(form.side.data),
                form.claim.data,
                form.body.data,
                parent=parent,
                allow_similar=form.allow_similar.data,
            )
            if request.args.get("in_place") and wants_fragment():
                # The form was opened inside the tree: the new card takes its place.
                response = render(
                    "arguments/_argument.html", argument=argument,
                    debate=position.debate,
                    tallies=tallies_for(position.debate, [argument], current_user),
                )
                db.session.commit()
                return response
            db.session.commit()
            flash(_("Argument posted."), "success")
            return hx_redirect(place_in_tree(argument))
        if isinstance(refusal.error, SimilarArgumentExists):
            similar = refusal.error.matches
    return render(
        "arguments/new.html",
        "arguments/_form.html",
        form_status(),
        form=form,
        position=position,
        parent=parent,
        similar=similar,
    )


@bp.get("/positions/<int:position_id>/arguments/similar")
def similar(position_id: int):
    """Warn, as the claim is typed, when a very similar argument already stands here."""
    position = load_position(position_id, current_user)
    parent = parent_arg(position)
    matches = find_similar(position, parent, request.args.get("claim", "")[:2000], current_user)
    return render("arguments/_similar.html", similar=matches)


@bp.route("/arguments/<int:argument_id>/edit", methods=["GET", "POST"])
@login_required
def edit(argument_id: int):
    """Edit one's own argument; the previous text is kept in its history."""
    argument = load_argument(argument_id, current_user)
    require(current_user, Action.EDIT_OWN, argument)
    form = EditArgumentForm(obj=argument)
    if form.validate_on_submit():
        with beside_field(form, "claim"):
            edit_argument(argument, current_user, form.claim.data, form.body.data)
            db.session.commit()
            flash(_("Argument updated."), "success")
            return hx_redirect(argument_url(argument))
    return render(
        "arguments/edit.html", "arguments/_edit_form.html", form_status(), form=form,
        argument=argument,
    )


@bp.post("/arguments/<int:argument_id>/withdraw")
@login_required
def withdraw(argument_id: int):
    """Withdraw one's own argument: archived when answered, deleted otherwise."""
    argument = load_argument(argument_id, current_user)
    position = argument.position
    archived = withdraw_argument(argument, current_user)
    db.session.commit()
    if archived:
        flash(_("Argument withdrawn. It stays, marked withdrawn, for the replies it has."), "info")
        return hx_redirect(argument_url(argument))
    flash(_("Argument withdrawn and removed."), "info")
    return hx_redirect(
        url_for("debates.position", debate_id=position.debate_id, position_id=position.id)
    )


@bp.get("/arguments/<int:argument_id>/history")
def history(argument_id: int):
    """Show an argument's earlier versions."""
    argument = load_argument(argument_id, current_user)
    revisions = [rev for rev in argument.revisions if sees_revision(current_user, rev)]
    return render_template("arguments/history.html", argument=argument, revisions=revisions)


@bp.route("/arguments/<int:argument_id>/evidence/new", methods=["GET", "POST"])
@login_required
def new_evidence(argument_id: int):
    """Attach a web source or a passage of the material to an argument."""
    argument = load_argument(argument_id, current_user)
    require(current_user, Action.ATTACH_EVIDENCE, argument)
    passages = argument.position.debate.material.passages
    form = EvidenceForm()
    form.passage.choices = [SelectChoice(0, _l("— no passage —"))] + [
        SelectChoice(passage.number, f"{passage.number} · {passage.text[:70]}")
        for passage in passages
    ]
    if form.validate_on_submit():
        passage = next((p for p in passages if p.number == form.passage.data), None)
        with beside_field(form, "url"):
            attach_evidence(
                argument,
                current_user,
                EvidenceKind(form.kind.data),
                form.title.data or "",
                url=form.url.data,
                passage=passage,
                excerpt=form.excerpt.data,
            )
            db.session.commit()
            flash(_("Evidence attached."), "success")
            return hx_redirect(argument_url(argument))
    return render(
        "arguments/new_evidence.html",
        "arguments/_evidence_form.html",
        form_status(),
        form=form,
        argument=argument,
    )


def count_rating(score: int | None) -> None:
    """Count a saved rating (clearing one is not a rating)."""
    if score is not None:
        count("ratings")


def count_vote(choice: StanceChoice | None) -> None:
    """Count a stance taken (withdrawing one is not a vote)."""
    if choice is not None:
        count("votes")


def rating_outcome(score: int | None, tally) -> str:
    """Say what a rating changed, for those who cannot see the tally move."""
    if score is None:
        return _("Rating cleared.")
    return ngettext(
        "Rating saved: %(score)s, %(word)s. Strength %(mean)s from %(num)s rating.",
        "Rating saved: %(score)s, %(word)s. Strength %(mean)s from %(num)s ratings.",
        tally.rating_count,
        score=score,
        word=str(RATING_LABELS[score]).lower(),
        mean=format_decimal(tally.rating_mean, "0.0"),
    )


def stance_outcome(choice: StanceChoice | None, tally: dict[StanceChoice, int]) -> str:
    """Say what a stance changed, with the new distribution."""
    counts = _(", ").join(f"{term(option)} {tally[option]}" for option in StanceChoice)
    if choice is None:
        return _("Your stance is cleared. Now %(counts)s.", counts=counts)
    return _("Your stance is recorded: %(choice)s. Now %(counts)s.", choice=term(choice),
             counts=counts)


@bp.post("/arguments/<int:argument_id>/rating")
@login_required
def rate(argument_id: int):
    """Rate an argument's strength; htmx gets the updated control and tally in place."""
    argument = load_argument(argument_id, current_user)
    form = RatingForm()
    if not form.validate_on_submit():
        abort(400)
    score = int(form.score.data) if form.score.data else None
    if wants_fragment():
        tally = rate_with_tally(argument, current_user, score)
        # Rendered inside the transaction, so that nothing is read again after the commit.
        response = render(
            "arguments/_rating.html",
            argument=argument,
            debate=argument.position.debate,
            tally=tally,
        )
        db.session.commit()
        count_rating(score)
        return announce(response, rating_outcome(score, tally))
    rate_argument(argument, current_user, score)
    db.session.commit()
    count_rating(score)
    flash(_("Rating saved.") if score is not None else _("Rating cleared."), "success")
    return redirect(back_to(argument), 303)


@bp.post("/positions/<int:position_id>/stance")
@login_required
def stance(position_id: int):
    """Take a stance on a position; htmx gets the updated control and distribution."""
    position = load_position(position_id, current_user)
    form = StanceForm()
    if not form.validate_on_submit():
        abort(400)
    choice = StanceChoice(form.stance.data) if form.stance.data else None
    change = take_stance(position, current_user, choice)
    if wants_fragment():
        tally = stance_tally(position)
        response = render("arguments/_stance.html", position=position, tally=tally, mine=choice,
                          changed=change)
        db.session.commit()
        count_vote(choice)
        return announce(response, stance_outcome(choice, tally))
    db.session.commit()
    count_vote(choice)
    flash(_("Your stance is recorded.") if choice else _("Your stance is cleared."), "success")
    if change is not None:
        # Optional and skippable: the page asks, and "Skip" goes back to the position.
        url = url_for("insight.moved", position_id=position.id, change_id=change.id)
    else:
        url = url_for("debates.position", debate_id=position.debate_id, position_id=position.id)
    return redirect(url, 303)


@bp.get("/debates/<int:debate_id>/evidence")
def library(debate_id: int):
    """List the evidence of a debate a page at a time, each source with the arguments that
    use it."""
    debate = load_debate(debate_id, current_user)
    page = evidence_library(debate, current_user, Cursor.from_args(request.args))
    return render_template("arguments/library.html", debate=debate, sources=page.items,
                           page=page)
