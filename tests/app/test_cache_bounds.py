"""The app's caches are bounded: a long-running server does not keep every view ever asked for."""

from __future__ import annotations

from streamlit.runtime.caching.cache_utils import CachedFunc

from dashboard.app import cache


def _cached() -> dict[str, CachedFunc]:
    return {name: f for name, f in vars(cache).items() if isinstance(f, CachedFunc)}


def test_every_cache_keyed_on_views_or_revisions_has_a_bound():
    # Each view, each selection and each store revision is a new key: without max_entries
    # every one of them stays in the server's memory until it restarts (issue 10).
    per_view = {
        n: f for n, f in _cached().items() if type(f._info).__name__ == "CachedDataFuncInfo"
    }
    assert per_view, "no st.cache_data functions found in dashboard/app/cache.py"
    unbounded = sorted(n for n, f in per_view.items() if f._info.max_entries is None)
    assert unbounded == [], f"st.cache_data without max_entries: {unbounded}"


def test_only_configuration_keyed_resources_are_unbounded():
    # cache_resource entries are shared objects keyed on the store URL and the package
    # folder: one per configuration of the process, never per visitor or view.
    resources = {
        n: f for n, f in _cached().items() if type(f._info).__name__ == "CachedResourceFuncInfo"
    }
    unbounded = {n for n, f in resources.items() if f._info.max_entries is None}
    assert unbounded == {"_store", "_loaded"}
    # The others (figures per view, the package view per store revision) keep a few.
    assert {"_view_figure", "_package_view"} <= set(resources) - unbounded
