"""Cohort dashboard: known answers on a small constructed cohort, on SQLite and PostgreSQL.

Ani improves (overall 40 → 55 → 70), Budi slips (80 → 70, in English), Citra practised once,
Dedi never. Every other dimension scores as overall unless set; messages and timing are never
scored, so they drop out of the heatmap.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from trainer_helpers import T0, scored_report

from coach.charts.cohort import dashboard_figures
from coach.workspace.cohort import ParticipantSummary, find_outliers, heatmap_matrix, load_dashboard, summarise
from coach.store.types import AttemptFilter

DIMS = ["overall", "pace", "fillers", "pauses", "variety", "clarity", "public"]


@pytest.fixture
def cohort(store):
    c = store.create_cohort("C", "Cohort C")
    other = store.create_cohort("D", "Elsewhere")
    ani, budi, citra, _dedi = (store.add_participant(c.id, n, password_hash=None)
                               for n in ("Ani", "Budi", "Citra", "Dedi"))
    trainer = store.add_account("Tia", login="tia", role="trainer", password_hash="x")
    store.add_trainer_to_cohort(c.id, trainer.id)
    outsider = store.add_participant(other.id, "Zed", password_hash=None)

    def save(person, day, overall, *, exercise=None, language="id", **scores):
        scores.setdefault("messages", None)
        scores.setdefault("timing", None)
        return store.save_attempt(person.id, audio=b"", audio_suffix="", exercise_id=exercise,
                                  report=scored_report(overall, language=language, **scores),
                                  created_at=T0 + timedelta(days=day))

    ids = {
        "ani1": save(ani, 0, 40.0, pace=50.0, fillers=10.0),
        "ani2": save(ani, 1, 55.0, pace=50.0, fillers=10.0),
        "ani3": save(ani, 2, 70.0, pace=80.0, fillers=10.0, exercise="x"),
        "budi1": save(budi, 0, 80.0, language="en", fillers=0.0),
        "budi2": save(budi, 3, 70.0, language="en", fillers=0.0),
        "citra1": save(citra, 1, 60.0, pace=100.0),
    }
    save(outsider, 0, 5.0)
    return store, c, ids


def test_first_to_latest_improvement_is_exactly_as_constructed(cohort):
    store, c, _ = cohort
    dash = load_dashboard(store, c)
    by_name = {p.name: p for p in dash.participants}
    assert [p.name for p in dash.participants] == ["Ani", "Budi", "Citra", "Dedi"]  # not Zed, not the trainer
    assert [p.attempts for p in dash.participants] == [3, 2, 1, 0]
    assert by_name["Ani"].change["overall"] == 30.0 and by_name["Ani"].change["pace"] == 30.0
    assert by_name["Ani"].change["messages"] is None
    assert by_name["Budi"].change["overall"] == -10.0 and by_name["Budi"].change["fillers"] == 0.0
    assert by_name["Citra"].change == {} and by_name["Dedi"].change == {}
    assert (by_name["Citra"].first, by_name["Citra"].latest) == (by_name["Citra"].latest, by_name["Citra"].first)
    assert by_name["Ani"].first["overall"] == 40.0 and by_name["Ani"].latest["overall"] == 70.0
    assert by_name["Ani"].first_at == T0 and by_name["Ani"].last_at == T0 + timedelta(days=2)
    assert dash.first_mean["overall"] == 60.0 and dash.latest_mean["overall"] == 70.0
    assert dash.change_mean["overall"] == 10.0 and dash.change_mean["pace"] == pytest.approx(10.0)
    assert dash.change_mean["timing"] is None
    assert dash.attempt_count == 6


def test_who_has_not_practised(cohort):
    store, c, _ = cohort
    assert [p.name for p in load_dashboard(store, c).not_practised] == ["Dedi"]
    later = load_dashboard(store, c, AttemptFilter(since=T0 + timedelta(days=2)))
    assert [p.name for p in later.not_practised] == ["Citra", "Dedi"]


def test_heatmap_shape_and_values(cohort):
    store, c, _ = cohort
    dash = load_dashboard(store, c)
    names, dims, z, person_ids = heatmap_matrix(dash)
    assert len(person_ids) == 3
    assert names == ["Ani", "Citra", "Budi"]  # weakest mean overall first: 55, 60, 75
    assert dims == DIMS  # messages and timing were never scored
    assert (len(z), len(z[0])) == (3, 7)
    assert z[0] == [55.0, 60.0, 10.0, 55.0, 55.0, 55.0, 55.0]
    assert z[1] == [60.0, 100.0, 60.0, 60.0, 60.0, 60.0, 60.0]
    assert z[2] == [75.0, 75.0, 0.0, 75.0, 75.0, 75.0, 75.0]
    assert heatmap_matrix(dash, limit=2)[0] == ["Ani", "Citra"]
    heat = dashboard_figures(dash)["heatmap"].data[0]
    assert [list(row) for row in heat.z] == z and len(heat.x) == 7


def test_histograms_count_every_attempt_in_its_band(cohort):
    store, c, _ = cohort
    dash = load_dashboard(store, c)
    assert dash.histograms["overall"] == [0, 0, 0, 0, 1, 1, 1, 2, 1, 0]  # 40 55 60 70 70 80
    assert dash.histograms["pace"] == [0, 0, 0, 0, 0, 2, 0, 1, 2, 1]  # 50 50 80 80 70 100: 100 is in the top band
    assert dash.histograms["fillers"] == [2, 3, 0, 0, 0, 0, 1, 0, 0, 0]  # 0 ×2, 10 ×3, 60
    assert dash.histograms["timing"] == [0] * 10
    figures = dashboard_figures(dash)
    assert [t.meta for t in figures["distribution"].data] == DIMS
    assert list(figures["distribution"].data[0].y) == dash.histograms["overall"]


def test_filters_by_exercise_date_and_language(cohort):
    store, c, _ = cohort
    only_x = load_dashboard(store, c, AttemptFilter(exercise_id="x"))
    assert [(p.name, p.attempts) for p in only_x.practised] == [("Ani", 1)]
    free = load_dashboard(store, c, AttemptFilter(exercise_id=""))  # free practice: no exercise
    assert [(p.name, p.attempts) for p in free.practised] == [("Ani", 2), ("Budi", 2), ("Citra", 1)]
    english = load_dashboard(store, c, AttemptFilter(language="en"))
    assert [(p.name, p.attempts) for p in english.practised] == [("Budi", 2)]
    window = load_dashboard(store, c, AttemptFilter(since=T0 + timedelta(days=1), until=T0 + timedelta(days=3)))
    assert [(p.name, p.attempts) for p in window.practised] == [("Ani", 2), ("Citra", 1)]
    assert {p.name: p.change.get("overall") for p in window.practised} == {"Ani": 15.0, "Citra": None}
    assert store.cohort_filter_options(c.id) == {"exercise_ids": [None, "x"], "languages": ["en", "id"],
                                                 "first_at": T0, "last_at": T0 + timedelta(days=3)}


def test_a_trainers_override_counts_and_the_computed_score_stays(cohort):
    store, c, ids = cohort
    trainer = store.list_accounts()[0]
    store.override_score(ids["ani3"], dimension="overall", score=85.0, reason="first try", author_id=trainer.id)
    store.override_score(ids["ani3"], dimension="overall", score=90.0, reason="Pesan kunci jelas.",
                         author_id=trainer.id)
    dash = load_dashboard(store, c)
    ani = dash.participants[0]
    assert ani.latest["overall"] == 90.0 and ani.change["overall"] == 50.0
    assert ani.mean["overall"] == pytest.approx((40.0 + 55.0 + 90.0) / 3)
    assert dash.histograms["overall"] == [0, 0, 0, 0, 1, 1, 1, 1, 1, 1]
    assert store.get_attempt(ids["ani3"]).scores["overall"] == 70.0  # computed score kept
    computed = store.cohort_participant_stats(c.id, effective=False)
    assert computed[0].mean["overall"] == 55.0


def test_outliers_are_participants_far_from_the_cohort():
    def person(i: int, overall: float, change: float | None = None) -> ParticipantSummary:
        return ParticipantSummary(person_id=i, name=f"P{i}", attempts=2, first_at=None, last_at=None,
                                  mean={"overall": overall}, change={"overall": change} if change is not None else {})

    people = [person(i, 50.0, 0.0) for i in range(9)] + [person(9, 10.0, 24.0)]
    found = find_outliers(people, z_min=2.0, min_count=5)
    # level: mean 46, SD 12, so 10 is exactly 3 SD below; change: mean 2.4, SD 7.2, so +24 is 3 SD above
    assert [(o.name, o.kind, o.value, round(o.z, 6)) for o in found] == [("P9", "change", 24.0, 3.0),
                                                                          ("P9", "level", 10.0, -3.0)]
    assert find_outliers(people[:3] + people[9:], z_min=2.0, min_count=5) == []  # 4: too few to judge
    assert find_outliers([person(i, 50.0) for i in range(10)], z_min=2.0, min_count=5) == []  # no spread


def test_improvement_and_change_figures(cohort):
    store, c, _ = cohort
    figures = dashboard_figures(load_dashboard(store, c), lang="en")
    points = next(t for t in figures["improvement"].data if t.meta == "participants")
    assert list(points.x) == [40.0, 80.0] and list(points.y) == [70.0, 70.0]  # Ani, Budi
    assert [row[0] for row in points.customdata] == ["Ani", "Budi"]
    first, latest = figures["change"].data
    assert (first.meta, latest.meta) == ("first", "latest")
    assert first.x[0] == "Overall" and (first.y[0], latest.y[0]) == (60.0, 70.0)


def test_an_empty_cohort_gives_an_empty_dashboard(store):
    c = store.create_cohort("EMPTY")
    dash = load_dashboard(store, c)
    assert dash.participants == () and dash.outliers == () and dash.first_mean["overall"] is None
    figures = dashboard_figures(dash)
    assert set(figures) == {"distribution", "heatmap", "improvement", "change"}
    assert summarise([], []) == []
