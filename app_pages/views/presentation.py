"""The keys and the look of a story presented to a class (``?present=1`` on the Stories page).

The step keys are one listener on the document, installed once: ← → (and a clicker's Page Up /
Page Down) press the Previous / Next buttons whatever has focus, except a field where the arrows
edit or choose (text, a drop-down, a slider); Esc leaves the presentation unless a dialog is open
(Esc closes that first); F toggles the browser's full screen. The buttons are found by the
``st-key-…`` class Streamlit gives a keyed widget's container.
"""

from __future__ import annotations

import streamlit as st

PREVIOUS, NEXT, LEAVE = "prev-top", "next-top", "present-exit"

_KEYS_JS = """<script>
(() => {
  if (window.__threadlineStoryKeys) return;
  window.__threadlineStoryKeys = true;
  const press = (key) => {
    const button = document.querySelector(`.st-key-${key} button`);
    if (button && !button.disabled) { button.click(); return true; }
    return false;
  };
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (!document.querySelector('.st-key-__NEXT__')) return;  // not on a story
    const t = e.target;
    const editing = t && t.closest && t.closest(
      'input, textarea, select, [contenteditable=""], [contenteditable="true"], ' +
      '[role="combobox"], [role="listbox"], [role="slider"], [role="spinbutton"]');
    if (editing) return;
    const dialog = document.querySelector('[role="dialog"]');
    let done = false;
    if (e.key === 'ArrowRight' || e.key === 'PageDown') done = !dialog && press('__NEXT__');
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') done = !dialog && press('__PREV__');
    else if (e.key === 'Escape' && !dialog) done = press('__LEAVE__');
    else if (e.key === 'f' || e.key === 'F') {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.querySelector('.st-key-__LEAVE__'))
        document.documentElement.requestFullscreen().catch(() => {});
      done = true;
    }
    if (done) { e.preventDefault(); e.stopPropagation(); }
  }, true);
})();
</script>"""
_KEYS_JS = _KEYS_JS.replace("__NEXT__", NEXT).replace("__PREV__", PREVIOUS)
_KEYS_JS = _KEYS_JS.replace("__LEAVE__", LEAVE)

# sized for a projector at 1280×720: no sidebar or toolbar, the step's words large
_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
  max-width: 100% !important; padding: 1rem 2.2rem 1rem !important; }
.tl-present-title { font-size: 1.1rem; color: #444; }
.tl-present-heading { font-size: 2.9rem; font-weight: 700; line-height: 1.1; margin: .1em 0 .2em; }
.tl-present-text { font-size: 1.6rem; line-height: 1.45; max-width: 62em; color: #1f1f1f; }
</style>"""


def install_keys() -> None:
    """The step keys for this page (once per browser tab; safe on every rerun)."""
    st.html(_KEYS_JS, unsafe_allow_javascript=True)


def present_style() -> None:
    """Hide the app's chrome and enlarge the type for presenting. The style sits in an element
    of the page (a style alone would be kept for the whole session), so it goes when the
    presentation ends."""
    st.html(_PRESENT_CSS + "<span hidden class='tl-presenting'></span>")
