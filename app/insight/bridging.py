"""Score arguments by how strong people on both sides find them: a matrix factorisation of
the rater × argument ratings, as Community Notes scores notes, and a fallback on declared
stances for the small debates where the factorisation has too little to go on.

The model (ratings scaled from 0–4 to 0–1, as Community Notes scales helpfulness):

    rating(u, a) ≈ μ + b_u + b_a + f_u · f_a

with one-dimensional factors f. The factor product takes up what a rater's viewpoint explains
(partisans rate their own side high); the argument intercept b_a is the strength that no
viewpoint explains, which is the cross-side score. It is fitted by alternating least squares,
each step exact for one block of parameters with the others held, minimising

    Σ (rating − prediction)² + λ_i (μ² + Σ b_u² + Σ b_a²) + λ_f (Σ f_u² + Σ f_a²)

each rating weighed so that both sides count alike (`side_weights`), with λ_i = 0.15 and
λ_f = 0.03: intercepts are held to zero five times harder than factors,
so that a rating pattern is put down to viewpoint before it is credited to the argument, as
Community Notes does. Scores are reported back on the 0–4 scale (4 × b_a).

numpy: maintained, already what every such fit is written in, and the sums here are
bincounts over the ratings, fast enough for 50,000 ratings in a few milliseconds a step.
"""

from dataclasses import dataclass

import numpy as np

LAMBDA_INTERCEPT = 0.15
LAMBDA_FACTOR = 0.03
ITERATIONS = 60
SCALE = 4.0
# Below these, the factorisation is not trusted: an argument needs this many ratings, from
# raters who each rated at least RATER_MIN_RATINGS arguments, and a position needs this many
# such raters.
ARGUMENT_MIN_RATINGS = 5
RATER_MIN_RATINGS = 3
MIN_RATERS = 10
# The fallback's Bayesian prior, the one the "Strongest" sort uses: as if five people had
# rated every argument 2 of 4.
PRIOR_MEAN = 2.0
PRIOR_WEIGHT = 5


@dataclass(frozen=True)
class Ratings:
    """A position's ratings as parallel arrays: who rated (0…raters−1), what (0…arguments−1),
    the 0–4 score; and each rater's declared side (+1 For, −1 Against, 0 neither)."""

    rater: np.ndarray
    argument: np.ndarray
    score: np.ndarray
    side: np.ndarray
    arguments: int

    @property
    def raters(self) -> int:
        return len(self.side)


def qualifying(ratings: Ratings) -> tuple[np.ndarray, int]:
    """Return the mask of ratings the factorisation may use (by raters who rated enough) and
    how many raters that leaves."""
    per_rater = np.bincount(ratings.rater, minlength=ratings.raters)
    keep = per_rater[ratings.rater] >= RATER_MIN_RATINGS
    return keep, int(np.count_nonzero(per_rater >= RATER_MIN_RATINGS))


def can_factorise(ratings: Ratings) -> bool:
    """Say whether there are enough raters who rated enough for the factorisation."""
    return qualifying(ratings)[1] >= MIN_RATERS


def factorise(ratings: Ratings) -> dict[int, tuple[float, int]]:
    """Fit the model and return {argument index: (cross-side score on 0–4, ratings used)} for
    the arguments with at least ARGUMENT_MIN_RATINGS qualifying ratings."""
    keep, _ = qualifying(ratings)
    u, a = ratings.rater[keep], ratings.argument[keep]
    r = ratings.score[keep].astype(float) / SCALE
    w = side_weights(ratings.side)[u]
    n_u, n_a = ratings.raters, ratings.arguments
    weight_u = np.bincount(u, w, n_u)
    weight_a = np.bincount(a, w, n_a)
    # Start the rater factors from the declared stances, with a little seeded noise so that
    # raters with no stance are not stuck at zero; argument factors start at zero.
    noise = np.random.default_rng(13).normal(0, 0.01, n_u)
    f_u = 0.5 * ratings.side.astype(float) + noise
    f_a = np.zeros(n_a)
    b_u, b_a, mu = np.zeros(n_u), np.zeros(n_a), 0.0
    total_weight = np.sum(w) + LAMBDA_INTERCEPT
    # The residuals and the factor products are worked out in place, in two arrays of the
    # ratings' length: with a new array for every operation, the fit took twice as long.
    rest, product = np.empty(len(r)), np.empty(len(r))
    for _ in range(ITERATIONS):
        np.take(f_u, u, out=product)
        product *= f_a[a]
        residual(rest, r, b_u[u], b_a[a], product)
        rest *= w
        mu = float(np.sum(rest) / total_weight)
        residual(rest, r, mu, b_a[a], product)
        b_u = np.bincount(u, w * rest, n_u) / (weight_u + LAMBDA_INTERCEPT)
        residual(rest, r, mu, b_u[u], product)
        b_a = np.bincount(a, w * rest, n_a) / (weight_a + LAMBDA_INTERCEPT)
        residual(rest, r, mu, b_u[u], b_a[a])
        rest *= w
        f_u = factor_step(rest, w, f_a, a, u, n_u, product)
        f_a = factor_step(rest, w, f_u, u, a, n_a, product)
    count_a = np.bincount(a, minlength=n_a)
    return {
        int(index): (round(float(SCALE * b_a[index]), 4), int(count_a[index]))
        for index in np.flatnonzero(count_a >= ARGUMENT_MIN_RATINGS)
    }


def residual(out: np.ndarray, r: np.ndarray, *terms) -> None:
    """Write r minus each term, subtracted in turn, into `out`."""
    np.subtract(r, terms[0], out=out)
    for term in terms[1:]:
        out -= term


def factor_step(weighted_rest, w, other, other_index, index, size, scratch) -> np.ndarray:
    """Return the least-squares factors of one side (raters or arguments) with the other
    side's held, from the weighted residuals; `scratch` is overwritten."""
    np.take(other, other_index, out=scratch)
    numerator = np.bincount(index, weighted_rest * scratch, size)
    scratch **= 2
    scratch *= w
    return numerator / (np.bincount(index, scratch, size) + LAMBDA_FACTOR)


def side_weights(side: np.ndarray) -> np.ndarray:
    """Weigh each rater so that the For raters together count as much as the Against raters
    (those without a stance count once each): otherwise a larger side's partisans, rated high
    by most raters, would be credited with the strength only their own side sees."""
    weights = np.ones(len(side))
    total = len(side)
    for wanted in (1, -1):
        mine = side == wanted
        if mine.any() and (~mine & (side != 0)).any():
            weights[mine] = total / (2 * np.count_nonzero(mine))
    return weights


def by_stances(ratings: Ratings) -> dict[int, tuple[float, int]]:
    """Return {argument index: (score, ratings)} for every rated argument, the score being the
    lower of its Bayesian-averaged ratings by For raters and by Against raters: an argument
    scores high only if both sides rate it high."""
    n_a = ratings.arguments
    side = ratings.side[ratings.rater]
    score = ratings.score.astype(float)
    means = []
    for wanted in (1, -1):
        mine = side == wanted
        total = np.bincount(ratings.argument[mine], score[mine], n_a)
        count = np.bincount(ratings.argument[mine], minlength=n_a)
        means.append((PRIOR_MEAN * PRIOR_WEIGHT + total) / (PRIOR_WEIGHT + count))
    lower = np.minimum(*means)
    counted = np.bincount(ratings.argument, minlength=n_a)
    return {
        int(index): (round(float(lower[index]), 4), int(counted[index]))
        for index in np.flatnonzero(counted)
    }


def plain_means(ratings: Ratings) -> dict[int, float]:
    """Return each rated argument's plain mean rating (what the issue compares against)."""
    total = np.bincount(ratings.argument, ratings.score.astype(float), ratings.arguments)
    count = np.bincount(ratings.argument, minlength=ratings.arguments)
    return {int(i): float(total[i] / count[i]) for i in np.flatnonzero(count)}
