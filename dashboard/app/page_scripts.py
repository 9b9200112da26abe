"""Small scripts and styles the app adds to every page, where Streamlit has no setting."""

from __future__ import annotations

import json

from dashboard.report.i18n import STREAMLIT_LABELS_SV, STREAMLIT_PREFIXES_SV

# A page change is two entries in the browser's history: Streamlit's navigation pushes the
# bare page address, then the page writes its view into the address and pushes again, so
# the first Back press only went back to the same page without its view (issue 11); a link
# naming part of a view did the same. An address that only completes the one shown (same
# page, every parameter kept, a view parameter added) now replaces it. A choice the user
# makes changes a parameter and stays its own entry for Back/Forward. Installed once per tab.
HISTORY = """
if (!window.jamlikHistory) {
  window.jamlikHistory = true;
  const VIEW = ["city", "cities", "area_type", "indicator", "sex"];
  const push = window.history.pushState.bind(window.history);
  window.history.pushState = (state, title, url) => {
    const next = new URL(url, window.location.href);
    const now = new URLSearchParams(window.location.search);
    const kept = [...now].every(
      ([k, v]) => k === "lang" || k.startsWith("embed") || next.searchParams.get(k) === v);
    const completes = VIEW.some((k) => !now.has(k) && next.searchParams.has(k));
    if (next.pathname === window.location.pathname && kept && completes) {
      window.history.replaceState(state, title, url);
    } else {
      push(state, title, url);
    }
  };
}"""

#: Streamlit's accessible names, titles and placeholders are English whatever the page's
#: language (issue 11): "Help for Stad", "Remove Malmö", "Download as CSV". In Swedish, the
#: script puts the Swedish ones in their place as Streamlit draws them (and the English
#: back when the reader switches to English). The original stays in a data attribute.
LABELS = """
window.jamlikLabels = LABELS_HERE;
if (!window.jamlikFixAll) {
  const ATTRS = ["aria-label", "title", "placeholder"];
  const shown = (text) => {
    const {whole, prefixes} = window.jamlikLabels;
    if (Object.hasOwn(whole, text)) return whole[text];
    for (const [en, sv] of Object.entries(prefixes)) {
      if (text.startsWith(en)) return sv + text.slice(en.length);
    }
    return text;
  };
  const fix = (el) => {
    for (const attr of ATTRS) {
      const now = el.getAttribute(attr);
      if (now === null) continue;
      const key = "jamlik" + attr.replace("-", "");
      // What this script last wrote stands for the original; anything else is Streamlit's.
      const original = now === el.dataset[key + "Shown"] ? el.dataset[key] : now;
      const text = shown(original);
      el.dataset[key] = original;
      el.dataset[key + "Shown"] = text;
      if (text !== now) el.setAttribute(attr, text);
    }
  };
  // The file uploader's button text ("Upload") is a text node React keeps a hold of:
  // its value is changed in place, never the node.
  const BUTTON = '[data-testid="stFileUploaderDropzone"] button p';
  const fixText = (p) => {
    const node = p.firstChild;
    if (!node || node.nodeType !== 3) return;
    if (!("jamlikText" in p.dataset)) p.dataset.jamlikText = node.nodeValue;
    const text = window.jamlikLabels.button || p.dataset.jamlikText;
    if (node.nodeValue !== text) node.nodeValue = text;
  };
  const all = (root) => {
    if (root.nodeType !== 1) return;
    fix(root);
    root.querySelectorAll("[aria-label],[title],[placeholder]").forEach(fix);
    if (root.matches(BUTTON)) fixText(root);
    root.querySelectorAll(BUTTON).forEach(fixText);
  };
  window.jamlikFixAll = () => all(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "attributes") fix(change.target);
      else change.addedNodes.forEach(all);
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             attributeFilter: ATTRS});
}
window.jamlikFixAll();
"""


def script(lang: str) -> str:
    """``<html lang>``, one history entry per page change, and Streamlit's labels in ``lang``."""
    labels = (
        {
            "whole": STREAMLIT_LABELS_SV,
            "prefixes": STREAMLIT_PREFIXES_SV,
            "button": STREAMLIT_LABELS_SV["Upload"],
        }
        if lang == "sv"
        else {"whole": {}, "prefixes": {}, "button": ""}
    )
    return (
        f"<script>document.documentElement.lang = {json.dumps(lang)};{HISTORY}"
        f"{LABELS.replace('LABELS_HERE', json.dumps(labels, ensure_ascii=False))}</script>"
    )


def style() -> str:
    """Streamlit's file uploader without its English line ("50MB per file • CSV"): the
    limits are in the field's own label (the script names its button)."""
    return '<style>[data-testid="stFileUploaderDropzoneInstructions"] {display: none}</style>'
