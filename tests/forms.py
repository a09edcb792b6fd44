"""Send the app's forms through a test client, as a browser would."""

from tests.factories import PASSWORD

# A password the sign-up rules accept; made people sign in with factories.PASSWORD.
GOOD_PASSWORD = "tea party at four"
# The reason a queue action gives unless a test says otherwise.
REASON = "Checked against the debate's rules."


def sign_in(client, username="alice", password=PASSWORD, headers=None, **extra):
    data = {"username": username, "password": password, **extra}
    return client.post("/account/sign-in", data=data, headers=headers)


def position_form(statement: str, *anchors: tuple[int, str]) -> dict[str, str]:
    """Fill in the position form as a browser sends it: every anchor row, unused ones blank."""
    data = {"statement": statement}
    for index in range(3):
        number, quote = anchors[index] if index < len(anchors) else (0, "")
        data[f"anchors-{index}-passage"] = str(number)
        data[f"anchors-{index}-quote"] = quote
    return data


def new_url(position_id: int, parent: int | None = None) -> str:
    suffix = f"?parent={parent}" if parent else ""
    return f"/positions/{position_id}/arguments/new{suffix}"


def post(client, position_id, claim, side="pro", parent=None, headers=None, **fields):
    """Send the new-argument form as a browser would."""
    data = {"side": side, "claim": claim, "body": "", **fields}
    return client.post(new_url(position_id, parent), data=data, headers=headers or {})


def post_argument(client, w, claim: str, parent: int | None = None, side: str = "pro", **kw):
    """Post a claim on the world's position, without an explanation."""
    return client.post(
        new_url(w["position"], parent), data={"side": side, "claim": claim}, **kw
    )


def act(client, w, item_id: int, action: str, reason: str = REASON, kind: str = "argument"):
    """Take a moderation action on an item from the world's review queue."""
    return client.post(
        f"/debates/{w['debate']}/queue/{kind}/{item_id}",
        data={"action": action, "reason": reason},
    )
