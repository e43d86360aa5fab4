"""Labels for the events a zoom brings into view, placed in the browser.

The server labels the most important events that fit the whole chart
(:func:`~app_pages.views.timeline_chart.label_order`). Plotly's zoom (a drag, or a double-click
to zoom out) happens in the browser, and Streamlit tells the server nothing of it, so the labels
of the events the zoom spreads apart are placed there: each marker of the timeline carries its
event's label and rank in its ``customdata``; after each zoom the script below gives the
visible unlabelled events a label, most important first, where it overlaps no marker and no
other label (the same rule as :mod:`~app_pages.views.timeline_labels`), right of the marker or
else left of it. Zoomed out again, they are gone.

The labels are hidden from screen readers (``aria-hidden``): the list under the chart names
every event. The script is installed once into the page from a helper frame of the same
origin, as :func:`~app_pages.views.network_chart.draw` names its frame.
"""

from __future__ import annotations

import json

import streamlit as st

from app_pages.views import timeline_labels as tl

LAYER_CLASS = "tl-zoom-labels"  # the element that holds the labels a zoom added

ZOOM_SCRIPT = """
(() => {
  if (window.__tlZoomLabels) return;
  window.__tlZoomLabels = true;
  const CHAR = %(char)s, H = %(height)s, SHIFT = %(shift)s, MARK = %(mark)s;
  const CUTS = [40, 24];
  const hit = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const rangeOf = (gd) => JSON.stringify(gd._fullLayout.xaxis.range);

  function draw(gd) {
    const old = gd.querySelector('.%(layer)s');
    if (old) old.remove();
    const notes = [...gd.querySelectorAll('.infolayer .annotation')];
    notes.forEach((a) => { a.style.visibility = ''; });
    const fl = gd._fullLayout;
    if (!fl || !fl.xaxis || !fl.yaxis || !gd.__tlZoomed || gd.__tlZoomed !== rangeOf(gd)) return;
    const xa = fl.xaxis, ya = fl.yaxis, host = gd.getBoundingClientRect();
    const left = xa._offset, right = xa._offset + xa._length;
    const top = ya._offset, bottom = ya._offset + ya._length;
    const taken = [];
    // the server's labels are the first annotations, in the order of meta.labelled
    const ids = (fl.meta && fl.meta.labelled) || [];
    const labelled = new Set(ids);
    notes.forEach((a) => {
      const r = a.getBoundingClientRect();
      if (r.width === 0) return;
      const box = {x0: r.left - host.left, y0: r.top - host.top,
                   x1: r.right - host.left, y1: r.bottom - host.top};
      // a label the zoom pushed over the lane names or off the right edge is hidden, and its
      // event may be labelled again where there is room
      if (box.x0 < left - 1 || box.x1 > right + 1) {
        a.style.visibility = 'hidden';
        const index = Number(a.getAttribute('data-index'));
        if (index < ids.length) labelled.delete(ids[index]);
      } else taken.push(box);
    });
    const family = (fl.font && fl.font.family) || 'sans-serif';
    const points = [];
    (gd.data || []).forEach((trace) => {
      (trace.customdata || []).forEach((cd, i) => {
        if (!Array.isArray(cd) || cd.length < 3) return;
        const x = xa.d2p(trace.x[i]) + xa._offset, y = ya.d2p(trace.y[i]) + ya._offset;
        if (!isFinite(x) || !isFinite(y) || x < left || x > right || y < top || y > bottom) return;
        taken.push({x0: x - MARK / 2, y0: y - MARK / 2, x1: x + MARK / 2, y1: y + MARK / 2});
        if (!labelled.has(cd[0])) points.push({x, y, id: cd[0], text: String(cd[1]), rank: cd[2]});
      });
    });
    points.sort((a, b) => a.rank - b.rank);
    const layer = document.createElement('div');
    layer.className = '%(layer)s';
    layer.setAttribute('aria-hidden', 'true');
    layer.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;pointer-events:none;';
    for (const p of points) {
      let placed = null;
      for (const cut of CUTS) {
        const text = p.text.length > cut ? p.text.slice(0, cut - 1) + '\\u2026' : p.text;
        const w = text.length * CHAR + 4;
        for (const toRight of [true, false]) {
          const x0 = toRight ? p.x + SHIFT : p.x - SHIFT - w;
          const box = {x0, y0: p.y - H / 2, x1: x0 + w, y1: p.y + H / 2};
          if (box.x0 < left || box.x1 > right || taken.some((t) => hit(t, box))) continue;
          placed = {box, text};
          break;
        }
        if (placed) break;
      }
      if (!placed) continue;
      taken.push(placed.box);
      const label = document.createElement('div');
      label.textContent = placed.text;
      label.dataset.event = p.id;
      label.style.cssText = `position:absolute;left:${placed.box.x0}px;top:${placed.box.y0}px;`
        + `height:${H}px;line-height:${H}px;padding:0 2px;white-space:nowrap;`
        + `font-size:%(font)spx;font-family:${family};color:%(ink)s;background:%(ground)s;`;
      layer.appendChild(label);
    }
    if (getComputedStyle(gd).position === 'static') gd.style.position = 'relative';
    gd.appendChild(layer);
  }

  function attach(gd) {
    if (gd.__tlZoomAttached || typeof gd.on !== 'function') return;
    gd.__tlZoomAttached = true;
    gd.on('plotly_relayout', (change) => {
      const keys = Object.keys(change || {});
      if (keys.some((k) => k.startsWith('xaxis.autorange'))) gd.__tlZoomed = null;
      else if (keys.some((k) => k.startsWith('xaxis.range'))) gd.__tlZoomed = rangeOf(gd);
      draw(gd);
    });
    gd.on('plotly_afterplot', () => draw(gd));  // drawn again (a rerun): a new range clears it
  }

  const scan = () => document.querySelectorAll('.js-plotly-plot').forEach(attach);
  scan();
  new MutationObserver(scan).observe(document.body, {subtree: true, childList: true});
})();
"""

HELPER = """<span hidden>installs the timeline's zoom labels</span><script>
if (window.frameElement) {
  window.frameElement.title = "helper that labels the timeline's events when zoomed in";
  window.frameElement.setAttribute("aria-hidden", "true");
}
const doc = window.parent.document;
if (!window.parent.__tlZoomLabels) {
  const script = doc.createElement("script");
  script.textContent = %s;
  doc.head.appendChild(script);
}
</script>"""


def script() -> str:
    """The page script, with the label sizes of :mod:`~app_pages.views.timeline_labels`."""
    return ZOOM_SCRIPT % {
        "char": tl.CHAR_PX,
        "height": tl.LABEL_H_PX,
        "shift": tl.LABEL_SHIFT_PX,
        "mark": tl.MARKER_PX,
        "font": tl.LABEL_FONT_PX,
        "ink": tl.LABEL_INK,
        "ground": tl.LABEL_GROUND,
        "layer": LAYER_CLASS,
    }


HELPER_HTML = HELPER % json.dumps(script()).replace("<", "\\u003c")  # made once, not per run


def zoom_labels() -> None:
    """Install (once per page) the script that labels the events a zoom brings into view."""
    st.iframe(HELPER_HTML, height=1, tab_index=-1)
