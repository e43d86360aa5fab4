"""WCAG 2.1 AA in a real browser: axe-core on every page of the app, wide and phone-sized.

Every page named in app.py's navigation is opened at 1400×900 and 390×844, left to settle,
stretched to its full height (so text below the fold is checked too, as axe only measures what is
in the viewport), and checked by axe-core (bundled in the ``axe-playwright-python`` wheel, so it
works offline), injected into the page and into every frame (components such as the relation
network draw in iframes). Any serious or critical violation fails, and a skipped heading level
(moderate in axe), each listed with its rule, target and axe's summary.

axe cannot read text that charts draw in SVG, so the chart text (Plotly's ticks, titles, legends
and labels) is measured here too: 4.5:1 against the white chart, 3:1 from 18.66 px bold or 24 px.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest
from appserver import ROOT, no_exception, open_page, quiet, settle

pytestmark = pytest.mark.browser

axe_base = pytest.importorskip("axe_playwright_python.base", reason="pip install '.[test]'")

SIZES = {"wide": (1400, 900), "phone": (390, 844)}
#: what is opened (every page, and states that draw more: a path, an event card), each with a
#: text it shows once it has run; the extra states are checked wide only, to keep the test short
VISITS = {
    "overview": ("", "Most connected actors"),
    "timeline": ("timeline", "dated events"),
    "event-card": ("timeline?event=khalil-arrest", "What the source says"),
    "relations": ("relations", " nodes, "),
    "connect": ("relations?mode=connect&a=elon-musk&b=alice-weidel", "Paths, hop by hop"),
    "entity": ("entity?entity=mahmoud-khalil", "Mentions in the sources"),
    "reader": ("reader", "quoted spans"),
    "stories": ("stories", "Step 1 of"),
    "present": ("stories?story=campus-arrests&step=2&present=1", "Step 2 of"),
    "story-builder": ("story_builder", "Add a step"),
    "query": ("query", "Read-only SPARQL"),
    "data": ("data", "Coverage of the curation"),
}
WIDE_ONLY = {"event-card", "connect", "present"}
BLOCKING = ("serious", "critical")
#: moderate rules that fail too: a skipped heading level misleads a screen reader's outline
ALSO_BLOCKING = ("heading-order",)
FRAMES_LOADED = """() => [...document.querySelectorAll('iframe')].every(f => {
    try { return f.contentDocument && f.contentDocument.readyState === 'complete'
                 && f.contentDocument.body && f.contentDocument.body.childElementCount > 0; }
    catch (e) { return true; }  // another origin: axe reaches it through its own messaging
})"""
HEIGHT = (
    '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
    '[data-testid="stAppViewContainer"]\')].map(e => e.scrollHeight), '
    "document.body.scrollHeight)"
)
RUN = "opts => axe.run(document, opts)"
#: WCAG 2.x A and AA and axe's best practices; experimental rules stay off (axe's default)
OPTIONS = {"resultTypes": ["violations"], "iframes": True}
CHART_TEXT = """() => {
    const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const out = [];
    for (const t of document.querySelectorAll('.js-plotly-plot svg text')) {
        const text = t.textContent.trim();
        const box = t.getBoundingClientRect();
        if (!text || box.width === 0) continue;
        const s = getComputedStyle(t);
        if (s.visibility === 'hidden' || s.display === 'none') continue;
        let alpha = Number(s.fillOpacity) * Number(s.opacity);
        for (let e = t.parentElement; e && e.tagName !== 'svg'; e = e.parentElement)
            alpha *= Number(getComputedStyle(e).opacity);
        const rgba = parse(s.fill);
        if (rgba.length === 4) alpha *= rgba[3];
        if (alpha === 0) continue;
        // the chart's own background is white (paper and plot); text on a label box is measured
        // against that box where Plotly draws one (annotation backgrounds)
        let bg = [255, 255, 255];
        const g = t.closest('g.annotation');
        const rect = g && g.querySelector('rect.bg');
        if (rect) {
            const fill = parse(getComputedStyle(rect).fill);
            const a = fill.length === 4 ? fill[3] : 1;
            if (fill.length >= 3 && a > 0)
                bg = bg.map((w, i) => fill[i] * a + w * (1 - a));
        }
        const fg = rgba.slice(0, 3).map((c, i) => c * alpha + bg[i] * (1 - alpha));
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        const px = parseFloat(s.fontSize);
        const bold = Number(s.fontWeight) >= 700 || s.fontWeight === 'bold';
        const need = px >= 24 || (bold && px >= 18.66) ? 3 : 4.5;
        if (ratio < need)
            out.push(`text "${text.slice(0, 40)}" ${ratio.toFixed(2)}:1 (${s.fill}, `
                     + `opacity ${alpha.toFixed(2)}, ${px}px; needs ${need}:1)`);
    }
    // markers (WCAG 1.4.11, 3:1): the ring or the fill, whichever stands out more
    const seen = new Set();
    for (const m of document.querySelectorAll('.js-plotly-plot .scatterlayer path.point')) {
        const box = m.getBoundingClientRect();
        if (box.width === 0) continue;
        const s = getComputedStyle(m);
        let alpha = Number(s.opacity);
        for (let e = m.parentElement; e && e.tagName !== 'svg'; e = e.parentElement)
            alpha *= Number(getComputedStyle(e).opacity);
        const paint = (c, a) => {
            const rgba = parse(c);
            if (rgba.length < 3) return 1;
            const k = alpha * a * (rgba.length === 4 ? rgba[3] : 1);
            const fg = rgba.slice(0, 3).map(v => v * k + 255 * (1 - k));
            return (1.05) / (lum(fg) + 0.05);
        };
        const ring = parseFloat(s.strokeWidth) > 0 ? paint(s.stroke, Number(s.strokeOpacity)) : 1;
        const fill = paint(s.fill, Number(s.fillOpacity));
        const ratio = Math.max(ring, fill);
        const key = `${s.fill} ${s.stroke} ${alpha}`;
        if (ratio < 3 && !seen.has(key)) {
            seen.add(key);
            out.push(`marker ${ratio.toFixed(2)}:1 (fill ${s.fill}, ring ${s.stroke}, `
                     + `opacity ${alpha.toFixed(2)}; needs 3:1)`);
        }
    }
    return out;
}"""


CONTROL = re.compile(r"^\s*- (switch|checkbox|textbox|combobox|slider|spinbutton)\b(?: \"(.*?)\")?")


def unclear_controls(page) -> list[str]:
    """Form controls without a name, or with the name of another control on the page."""
    names: Counter[tuple[str, str]] = Counter()
    for line in page.locator("body").aria_snapshot().splitlines():
        if found := CONTROL.match(line):
            names[(found[1], found[2] or "")] += 1
    return [
        f"{n} {role}s named {name!r}" if name else f"{n} {role}(s) without a name"
        for (role, name), n in names.items()
        if n > 1 or not name
    ]


def app_pages() -> list[str]:
    """The URL path of every page in app.py's navigation ("" for the default page)."""
    paths = []
    for node in ast.walk(ast.parse((ROOT / "app.py").read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page":
            keywords = {k.arg: k.value for k in node.keywords}
            url = keywords.get("url_path")
            default = keywords.get("default")
            if isinstance(default, ast.Constant) and default.value:
                paths.append("")
            elif isinstance(url, ast.Constant):
                paths.append(url.value)
            else:
                paths.append(Path(node.args[0].value).stem)
    return paths


def test_every_page_is_checked() -> None:
    visited = {url.partition("?")[0] for url, _ in VISITS.values()}
    assert set(app_pages()) <= visited, "open every page of app.py's navigation in VISITS"


def open_settled(page, app_url: str, visit: str) -> None:
    url, text = VISITS[visit]
    open_page(page, app_url, url, wait_for=text)
    quiet(page, 500)
    page.wait_for_function(FRAMES_LOADED, timeout=60_000, polling=200)


def check(page, width: int, height: int) -> tuple[list[str], list[str]]:
    """axe's serious and critical violations (and a skipped heading level), and chart text
    below the contrast it needs."""
    tall = min(max(page.evaluate(HEIGHT), height), 6000)
    page.set_viewport_size({"width": width, "height": tall})
    page.wait_for_timeout(500)  # Streamlit and Plotly redraw for the new height
    settle(page)
    for frame in page.frames:
        if not frame.is_detached():
            frame.evaluate(axe_base.AXE_SCRIPT)
    results = page.evaluate(RUN, OPTIONS)
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING and violation["id"] not in ALSO_BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " >> ".join(" ".join(t) if isinstance(t, list) else t for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(f"{violation['id']} ({violation['impact']}) at {target}: {summary}")
    charts = page.evaluate(CHART_TEXT)
    for frame in page.frames[1:]:
        if not frame.is_detached():
            charts += frame.evaluate(CHART_TEXT)
    return found, charts


@pytest.mark.parametrize(
    ("visit", "size"),
    [(v, s) for s in SIZES for v in VISITS if s == "wide" or v not in WIDE_ONLY],
)
def test_no_serious_accessibility_violation(page, app_url: str, visit: str, size: str) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    open_settled(page, app_url, visit)
    no_exception(page)
    found, charts = check(page, width, height)
    anchors = page.locator("[data-testid='stHeaderActionElements'] a").count()
    problems = found + [f"chart {c}" for c in charts] + unclear_controls(page)
    if anchors:  # one more tab stop per heading, every one named "Link to heading"
        problems.append(f"{anchors} heading(s) with a 'Link to heading' link (anchor=False)")
    where = f"/{VISITS[visit][0]} at {width}×{height}"
    assert not problems, f"{len(problems)} accessibility problem(s) on {where}:\n" + "\n".join(
        f"- {p}" for p in problems
    )
