"""Serve the cheapest page a signed-in person can ask for, which rating is measured against.

It pays for what every page pays for — the session, the sign-in check against the server,
the CSRF token — and renders a template of two lines. Only the benchmark's server has it.
"""

from flask import Blueprint, render_template_string
from flask_login import login_required

SIGNED_IN_URL = "/bench/signed-in"
SIGNED_IN_PAGE = """<p id="signed-in">Signed in as {{ current_user.display_name }}.</p>
<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
"""

bp = Blueprint("bench", __name__)


@bp.get(SIGNED_IN_URL)
@login_required
def signed_in():
    """Say who is signed in, with the CSRF token a form on the page would carry."""
    return render_template_string(SIGNED_IN_PAGE)
