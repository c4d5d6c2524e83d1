"""stakeholders.analysis: the quadrant rules, worked out by hand."""

import pandas as pd
import pytest

from stakeholders.analysis import (
    HIGH_FROM,
    QUADRANTS,
    REGISTER_COLUMNS,
    attention_rank,
    is_high,
    quadrant,
    quadrants,
)


@pytest.mark.parametrize(
    "power, interest, expected",
    [
        # High is 4 or 5; 3 is still low.
        (5, 5, "manage_closely"),
        (4, 4, "manage_closely"),
        (4, 3, "keep_satisfied"),
        (5, 1, "keep_satisfied"),
        (3, 4, "keep_informed"),
        (1, 5, "keep_informed"),
        (3, 3, "monitor"),
        (1, 1, "monitor"),
    ],
)
def test_quadrant_by_hand(power, interest, expected):
    assert HIGH_FROM == 4
    assert quadrant(power, interest) == expected


def test_high_means_four_or_five():
    assert [score for score in range(1, 6) if is_high(score)] == [4, 5]


def test_quadrants_most_attention_first():
    assert QUADRANTS == ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
    assert [attention_rank(key) for key in ("monitor", "manage_closely")] == [3, 0]


def test_quadrants_of_a_register_frame_keep_its_index():
    register = pd.DataFrame(
        [(7, "Tenants", "users", 3, 5), (9, "Finance", "funders", 5, 3)],
        columns=REGISTER_COLUMNS,
        index=[10, 20],
    )
    keys = quadrants(register)
    assert keys.to_dict() == {10: "keep_informed", 20: "keep_satisfied"}
    assert quadrants(register.iloc[0:0]).tolist() == []
