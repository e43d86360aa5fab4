"""Stories for a class: the bundled one loads, a broken one reports every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import CurationErrors, build, validate

STORY = """\
id: khalil
title: A test story
steps:
  - heading: The arrest
    text: What the text reports.
    start: "2025-03"
    end: "March 2025"
    highlight: [khalil-arrest, nobody]
  - heading: Around Rubio
    text: Who is linked to him.
    view: network
  - heading: Profile
    text: One entity.
    view: entity
    entity: marco-rubio
    depht: 2
"""


def test_bundled_stories(bundled_build) -> None:
    stories = {story.id: story for story in bundled_build.stories}
    assert sorted(stories) == ["100-days-of-decrees", "campus-arrests"]
    story = stories["100-days-of-decrees"]
    assert story.title == "100 days of decrees" and len(story.steps) >= 5
    assert story.steps[1].highlight[0] == "inauguration-day-executive-orders"
    campus = stories["campus-arrests"]
    assert campus.title == "Campuses, students and visas" and len(campus.steps) == 6
    assert [s.view for s in campus.steps] == [
        "timeline",
        "timeline",
        "network",
        "timeline",
        "network",
        "timeline",
    ]


def test_broken_story_problems_are_located(mini_copy: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini_copy)
    (mini_copy / "stories").mkdir()
    (mini_copy / "stories" / "khalil.yaml").write_text(STORY)
    with pytest.raises(CurationErrors) as info:
        validate(mini_copy)
    assert [str(p) for p in info.value.problems] == [
        "stories/khalil.yaml:16:5: unknown key 'depht' — did you mean 'depth'? allowed keys: "
        "heading, text, view, start, end, entity, depth, highlight",
    ]
    (mini_copy / "stories" / "khalil.yaml").write_text(STORY.replace("    depht: 2\n", ""))
    with pytest.raises(CurationErrors) as info:
        build(mini_copy, None)
    assert [str(p) for p in info.value.problems] == [
        "stories/khalil.yaml:7:10: 'March 2025' is not a valid EDTF date — write an EDTF date such "
        "as 2025-03-08, 2025-03, 2025, [2025-03-01..2025-03-10], 2021-01-20/2025-01-20, 195X or "
        "2025-03~",
        "stories/khalil.yaml:8:32: 'nobody' is not declared — use the id of a curated event or "
        "entity",
        "stories/khalil.yaml:11:11: a network step needs an entity — add entity: the id at the "
        "centre of the view",
    ]
