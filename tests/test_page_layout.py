"""The pages only draw: no page imports another, each is under 600 lines, and at run time a page
imports ``graph`` and ``extract`` only through their public names (``app_pages/state.py``, which
opens the graph, is not a page)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = re.findall(r'st\.Page\("(app_pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text())
PAGE_MODULES = {"app_pages." + Path(p).stem for p in PAGES}
MAX_LINES = 600


def runtime_imports(path: Path) -> list[str]:
    """The modules a file imports, leaving out those under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING"
        for node in ast.walk(block)
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return found


def test_the_app_lists_its_pages() -> None:
    assert len(PAGES) >= 8 and "app_pages/timeline.py" in PAGES


@pytest.mark.parametrize("page", PAGES)
def test_a_page_imports_no_other_page_and_only_public_names(page: str) -> None:
    imports = runtime_imports(ROOT / page)
    me = "app_pages." + Path(page).stem
    assert not [m for m in imports if m in PAGE_MODULES - {me}], imports
    private = [m for m in imports if re.match(r"(graph|extract)\.", m)]
    assert not private, f"{page} imports {private}; use the names graph and extract export"


@pytest.mark.parametrize("page", PAGES)
def test_a_page_is_under_600_lines(page: str) -> None:
    lines = len((ROOT / page).read_text(encoding="utf-8").splitlines())
    assert lines < MAX_LINES, f"{page} has {lines} lines"


def test_the_drawing_modules_import_no_page() -> None:
    for path in sorted((ROOT / "app_pages" / "views").glob("*.py")):
        assert not set(runtime_imports(path)) & PAGE_MODULES, path.name
