"""Place participants on a map of opinion from their ratings, as Pol.is does, and find the
groups they fall into.

Method, stated: the participant × argument matrix of 0–4 ratings, counting only people who
rated at least MIN_RATED arguments and arguments rated by at least two of them; a missing
rating is filled with that argument's mean rating (mean imputation, so a gap pulls nobody
anywhere), columns are centred, and the first two principal components (the top two
eigenvectors of the participants' Gram matrix, the small side of a wide matrix, found by
subspace iteration) place each person. Imputed and centred, a missing rating is exactly zero,
so the matrix is never made whole: its Gram matrix is summed a block of arguments at a time,
and a debate of 50,000 arguments costs megabytes, not the 200 MB of one dense copy.

Groups are found by k-means (k-means++ start, seeded, so a page reads the same twice) for k
from 2 to 5, keeping the k with the best silhouette among those whose every group has at least
GROUP_MIN people. Nothing is shown below MAP_MIN_PARTICIPANTS people, and no group smaller
than GROUP_MIN ever appears: small groups would tell who rated what.
"""

import numpy as np

from app.insight.bridging import Ratings

MIN_RATED = 3
MAP_MIN_PARTICIPANTS = 10
GROUP_MIN = 5
K_RANGE = range(2, 6)
DISTINCTIVE_MOST = 3
SEED = 13
# How many arguments' columns are made dense at once: 500 people × 1,024 is 4 MB.
COLUMN_BLOCK = 1_024


def opinion_map(ratings: Ratings, argument_ids: np.ndarray) -> dict | None:
    """Return the map as plain data (dots, groups with their distinctive arguments), or None
    when too few people rated enough to show one without exposing anyone."""
    per_rater = np.bincount(ratings.rater, minlength=ratings.raters)
    keep_rater = per_rater >= MIN_RATED
    if np.count_nonzero(keep_rater) < MAP_MIN_PARTICIPANTS:
        return None
    # Indexes in 32 bits and the ratings in argument order, so that the Gram matrix's blocks
    # are slices: at half a million ratings each copy of them costs megabytes.
    order = np.argsort(ratings.argument, kind="stable")
    order = order[keep_rater[ratings.rater[order]]]
    rater_index = np.cumsum(keep_rater, dtype=np.int32) - 1
    rows, cols = rater_index[ratings.rater[order]], ratings.argument[order]
    scores = ratings.score[order].astype(float)
    del order
    people = int(np.count_nonzero(keep_rater))
    counted = np.bincount(cols, minlength=ratings.arguments)
    used = counted >= 2
    if np.count_nonzero(used) < 2:
        return None
    column_index = np.cumsum(used, dtype=np.int32) - 1
    keep = used[cols]
    rows, cols, scores = rows[keep], column_index[cols[keep]], scores[keep]
    width = int(np.count_nonzero(used))
    means = np.bincount(cols, scores, width) / np.bincount(cols, minlength=width)
    values, vectors = top_two(gram(rows, cols, scores - means[cols], people, width))
    coords = vectors * np.sqrt(np.maximum(values, 0))
    # Fix each axis's sign so that the map does not flip from one recompute to the next.
    coords *= np.where(coords.sum(axis=0) < 0, -1, 1)
    labels = choose_groups(coords)
    if labels is None:
        return None
    sides = ratings.side[keep_rater]
    kept_arguments = argument_ids[used]
    groups = []
    for group in range(labels.max() + 1):
        inside = labels == group
        groups.append({
            "size": int(inside.sum()),
            "centre": [round(float(v), 3) for v in coords[inside].mean(axis=0)],
            "distinctive": distinctive(rows, cols, scores, inside, kept_arguments),
        })
    scale = float(np.abs(coords).max()) or 1.0
    dots = sorted(
        (round(float(x / scale), 3), round(float(y / scale), 3), int(side), int(group))
        for (x, y), side, group in zip(coords, sides, labels, strict=True)
    )
    return {"participants": people, "arguments": width, "dots": dots, "groups": groups,
            "scale": scale}


def gram(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, people: int,
         width: int) -> np.ndarray:
    """Return D·Dᵀ for the people × width matrix D that is zero but for the given (row,
    column, value) entries, in column order, making COLUMN_BLOCK of its columns dense at a
    time."""
    total = np.zeros((people, people))
    for start in range(0, width, COLUMN_BLOCK):
        low, high = np.searchsorted(cols, [start, start + COLUMN_BLOCK])
        block = np.zeros((people, min(COLUMN_BLOCK, width - start)))
        block[rows[low:high], cols[low:high] - start] = values[low:high]
        total += block @ block.T
    return total


def top_two(gram: np.ndarray, rounds: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Return the two largest eigenvalues of a symmetric matrix and their eigenvectors, by
    subspace iteration from a seeded start: only two are needed, and a full decomposition of
    a few hundred people costs far more, the more so on a busy machine."""
    basis = np.random.default_rng(SEED).normal(size=(len(gram), 2))
    for _ in range(rounds):
        basis, _ = np.linalg.qr(gram @ basis)
    values, small = np.linalg.eigh(basis.T @ gram @ basis)
    order = np.argsort(values)[::-1]
    return values[order], basis @ small[:, order]


def choose_groups(coords: np.ndarray) -> np.ndarray | None:
    """Cluster the points for each k, keeping the best silhouette among clusterings whose
    groups all have at least GROUP_MIN members; None when none qualifies."""
    best, best_score = None, -2.0
    for k in K_RANGE:
        if k * GROUP_MIN > len(coords):
            break
        labels = kmeans(coords, k)
        sizes = np.bincount(labels, minlength=k)
        if sizes.min() < GROUP_MIN:
            continue
        score = silhouette(coords, labels)
        if score > best_score:
            best, best_score = labels, score
    return best


def kmeans(points: np.ndarray, k: int, rounds: int = 50) -> np.ndarray:
    """Return k-means labels, started by k-means++ with a fixed seed."""
    rng = np.random.default_rng(SEED)
    centres = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        distance = np.min([((points - c) ** 2).sum(axis=1) for c in centres], axis=0)
        total = distance.sum()
        pick = rng.choice(len(points), p=distance / total) if total else rng.integers(len(points))
        centres.append(points[pick])
    centres = np.array(centres)
    labels = np.zeros(len(points), dtype=int)
    for _ in range(rounds):
        labels = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
        moved = np.array([points[labels == j].mean(axis=0) if (labels == j).any() else centres[j]
                          for j in range(k)])
        if np.allclose(moved, centres):
            break
        centres = moved
    # Number groups by size, largest first, so that "group 1" means the same on every page.
    order = np.argsort(-np.bincount(labels, minlength=k), kind="stable")
    return np.argsort(order)[labels]


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Return the mean silhouette coefficient of a clustering, from the sums of distances to
    each group (one matrix product, no loop over people)."""
    distance = np.sqrt(((points[:, None, :] - points[None]) ** 2).sum(axis=2))
    k = labels.max() + 1
    member = np.eye(k)[labels]
    sizes = member.sum(axis=0)
    sums = distance @ member
    rows = np.arange(len(points))
    own = sums[rows, labels] / np.maximum(sizes[labels] - 1, 1)
    others = np.where(member.astype(bool), np.inf, sums / sizes)
    nearest = others.min(axis=1)
    widest = np.maximum(own, nearest)
    return float(np.mean(np.where(widest > 0, (nearest - own) / np.where(widest > 0, widest, 1),
                                  0.0)))


def distinctive(rows, cols, scores, inside, argument_ids) -> list[dict]:
    """List the arguments a group rates most differently from everyone else, on the ratings
    actually given (imputed values do not count)."""
    width = len(argument_ids)

    def mean_of(who):
        given = who[rows]
        count = np.bincount(cols[given], minlength=width)
        total = np.bincount(cols[given], scores[given], minlength=width)
        return np.where(count > 0, total / np.maximum(count, 1), np.nan), count

    mine, mine_n = mean_of(inside)
    rest, rest_n = mean_of(~inside)
    gap = np.where((mine_n >= 2) & (rest_n >= 2), mine - rest, 0.0)
    gap = np.nan_to_num(gap)
    top = np.argsort(-np.abs(gap), kind="stable")[:DISTINCTIVE_MOST]
    return [{"argument": int(argument_ids[i]), "group_mean": round(float(mine[i]), 2),
             "others_mean": round(float(rest[i]), 2)} for i in top if gap[i] != 0]
