"""Count how opinion on a motion moved: shares, swings, who went where, normalised gain.

One set of sums for every place that measures a change of mind: a live event's pre- and
post-vote, a position's stance history, a class task's stance before and after. Inputs are
plain choices ("for", "against", "undecided"), so each caller brings its own rows.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from app.models.stance import StanceChoice

CHOICES = tuple(choice.value for choice in StanceChoice)
SIDES = (StanceChoice.FOR.value, StanceChoice.AGAINST.value)


def tally(choices: Iterable[str]) -> dict[str, int]:
    """Count each choice, every one present even at zero."""
    counted = Counter(choices)
    return {choice: counted[choice] for choice in CHOICES}


def shares(counts: dict[str, int]) -> dict[str, float]:
    """Give each choice's share of all votes in percent (one decimal), zeros when none."""
    total = sum(counts.values())
    return {choice: round(100 * counts[choice] / total, 1) if total else 0.0 for choice in CHOICES}


def transitions(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Count who went from which first choice to which last one: matrix[first][last]."""
    counted = Counter(pairs)
    return {first: {last: counted[first, last] for last in CHOICES} for first in CHOICES}


def changed_minds(matrix: dict[str, dict[str, int]]) -> int:
    """Count the people whose last choice differs from their first."""
    return sum(n for first, row in matrix.items() for last, n in row.items() if first != last)


@dataclass(frozen=True)
class Swing:
    """How far each side's share moved between two votes, and which side moved more.

    Intelligence Squared's rule: the side whose share grew more, in percentage points, wins.
    Shares are compared as exact fractions, so 1/3 against 1/3 is a tie and no rounding
    decides an evening; an exact tie is called a tie, not given to either side.
    """

    delta: dict[str, float]
    winner: str


def swing(before: dict[str, int], after: dict[str, int]) -> Swing:
    """Compare two tallies of the same motion (pre- and post-vote)."""
    exact = {side: share(after, side) - share(before, side) for side in SIDES}
    tied = exact["for"] == exact["against"]
    winner = "tie" if tied else max(SIDES, key=exact.__getitem__)
    return Swing({side: round(float(100 * exact[side]), 1) for side in SIDES}, winner)


def share(counts: dict[str, int], choice: str) -> Fraction:
    """Return a choice's exact share of a tally, zero for an empty one."""
    total = sum(counts.values())
    return Fraction(counts[choice], total) if total else Fraction(0)


def normalised_gain(before: float, after: float) -> float | None:
    """Return Hake's normalised gain (after − before) / (100 − before) for percentages, the
    part of the room still to win that was won; None when everyone was already won."""
    if before >= 100:
        return None
    return round((after - before) / (100 - before), 3)
