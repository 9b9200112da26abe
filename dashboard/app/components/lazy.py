"""Parts of a page built only while the user has them open (issue 10: a first draw is its charts)."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def expander(label: str, key: str, **kwargs: Any) -> DeltaGenerator | None:
    """An expander that reruns the page when opened or closed: the box to fill while it is
    open, else None. A closed expander's contents would still be sent and rendered (hidden)
    on every run; this way a closed one costs the page its label only."""
    box = st.expander(label, key=key, on_change="rerun", **kwargs)
    return box if box.open else None
