"""The viewer's previous visit, for "Vad har ändrats?": a first-party cookie holding one date, nothing else.

On a session's first run the cookie the browser sent is read (strictly: an ISO date, not in the future),
kept for the session, and replaced by today's date. Embedded views set no cookie.
"""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st

COOKIE = "tillvaxtpanelen_last_visit"
MAX_AGE_DAYS = 400
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_KEY = "_previous_visit"


def parse(value: object, today: dt.date) -> dt.date | None:
    """The cookie's date, or None when it is missing, malformed, in the future or older than a year or so."""
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        found = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return found if today - dt.timedelta(days=MAX_AGE_DAYS) <= found <= today else None


def remember(embedded: bool) -> None:
    """On the session's first run: keep the previous visit's date and write today's (not when embedded)."""
    if _KEY in st.session_state:
        return
    today = dt.date.today()
    st.session_state[_KEY] = parse(st.context.cookies.get(COOKIE), today)
    if not embedded:
        # Only our own constants and today's ISO date go into the script: nothing from the user or the URL.
        st.html(f"<script>document.cookie = '{COOKIE}={today.isoformat()}; max-age={MAX_AGE_DAYS * 86400}; "
                "path=/; SameSite=Lax';</script>", unsafe_allow_javascript=True)


def previous() -> dt.date | None:
    """The date of the viewer's previous visit in this browser, if there was one."""
    value = st.session_state.get(_KEY)
    return value if isinstance(value, dt.date) else None
