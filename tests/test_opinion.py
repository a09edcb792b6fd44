"""Check the sums of opinion change on the results of real Oxford-style debates."""

from app.opinion import (
    changed_minds,
    normalised_gain,
    shares,
    swing,
    tally,
    transitions,
)


def votes(for_: int, against: int, undecided: int) -> dict[str, int]:
    return {"for": for_, "against": against, "undecided": undecided}


def test_for_wins_by_moving_more_of_the_room():
    # 29/29/42 before and 54/35/11 after: For gained 25 points, Against 6.
    result = swing(votes(29, 29, 42), votes(54, 35, 11))

    assert result.delta == {"for": 25.0, "against": 6.0}
    assert result.winner == "for"


def test_against_wins_even_when_for_also_grew():
    # 26/41/33 before and 29/62/9 after: Against gained 21 points, For 3.
    result = swing(votes(26, 41, 33), votes(29, 62, 9))

    assert result.delta == {"for": 3.0, "against": 21.0}
    assert result.winner == "against"


def test_an_exact_tie_is_called_a_tie():
    result = swing(votes(30, 30, 40), votes(45, 45, 10))

    assert result.delta == {"for": 15.0, "against": 15.0}
    assert result.winner == "tie"


def test_shares_that_round_alike_but_differ_are_not_a_tie():
    # 1,000 and 999 of 3,000: both sides read +33.3 points, but For grew by one vote more.
    result = swing(votes(0, 0, 3000), votes(1000, 999, 1001))

    assert result.delta == {"for": 33.3, "against": 33.3}
    assert result.winner == "for"


def test_shares_of_an_empty_vote_are_zero_not_an_error():
    assert shares(votes(0, 0, 0)) == {"for": 0.0, "against": 0.0, "undecided": 0.0}
    assert swing(votes(0, 0, 0), votes(0, 0, 0)).winner == "tie"
    assert shares(votes(1, 1, 1)) == {"for": 33.3, "against": 33.3, "undecided": 33.3}


def test_transitions_count_each_persons_first_and_last_choice():
    pairs = [("undecided", "for")] * 3 + [("for", "against"), ("against", "against")]

    matrix = transitions(pairs)

    assert matrix["undecided"] == {"for": 3, "against": 0, "undecided": 0}
    assert matrix["for"]["against"] == 1 and matrix["against"]["against"] == 1
    assert changed_minds(matrix) == 4
    assert tally(last for _, last in pairs) == votes(3, 2, 0)


def test_normalised_gain_is_the_share_of_the_room_left_to_win_that_was_won():
    assert normalised_gain(40.0, 70.0) == 0.5
    assert normalised_gain(40.0, 40.0) == 0.0
    assert normalised_gain(60.0, 20.0) == -1.0
    assert normalised_gain(100.0, 90.0) is None
