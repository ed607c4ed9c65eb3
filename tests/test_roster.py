"""Roster import (issue 16 item 12): a CSV of names becomes PIN-less participants, each given a first PIN
to hand out once; duplicates by normalised name are skipped and reported; only the cohort's trainers
and admins may do it."""

from __future__ import annotations

import csv
import io

import pytest
from trainer_helpers import make_world

from coach.errors import PermissionDeniedError
from coach.workspace import auth
from coach.workspace.roster import RosterError, RosterRow, import_roster, parse_roster, pins_csv


@pytest.fixture
def world(store):
    return make_world(store)


def test_parse_reads_bom_semicolons_commas_and_the_optional_email():
    bom_semicolon = "\ufeffNama;Email\n  Ani   Wijaya ;ani@example.go.id\n\nDewi;\n".encode()
    assert parse_roster(bom_semicolon) == [RosterRow("Ani Wijaya", "ani@example.go.id"), RosterRow("Dewi", "")]
    assert parse_roster(b"name\nAni\n\"Putra, Joko\"\n") == [RosterRow("Ani"), RosterRow("Putra, Joko")]
    for bad in (b"", b"nomor;kota\n1;Bandung\n", "nama\nAni\n".encode("utf-16")):
        with pytest.raises(RosterError):
            parse_roster(bad)


def test_import_adds_people_skips_duplicates_and_hands_out_pins_that_sign_in(world):
    s = world.store
    data = "\ufeffnama;email\nAni;ani@x.id\nbudi \nANI\nJoko Susilo;\n".encode()
    done = import_roster(s, world.tia, world.a, data)
    assert [r.name for r in done.added] == ["Ani", "Joko Susilo"]
    assert [(r.name, why) for r, why in done.skipped] == [("budi", "in_cohort"), ("ANI", "in_file")]
    assert [(name, email) for name, email, _ in done.pins] == [("Ani", "ani@x.id"), ("Joko Susilo", "")]
    assert {p.name for p in s.cohort_people(world.a)} == {"Ani", "Budi", "Joko Susilo", "Sari"}
    join = s.get_cohort("A").join_code
    pins = dict((name, pin) for name, _, pin in done.pins)
    assert auth.join_cohort(s, join, "ani", pins["Ani"]).name == "Ani"  # the PIN handed out works
    rows = list(csv.reader(io.StringIO(pins_csv(done.pins).decode("utf-8-sig")), delimiter=";"))
    assert rows == [["nama", "email", "PIN"], ["Ani", "ani@x.id", pins["Ani"]], ["Joko Susilo", "", pins["Joko Susilo"]]]
    again = import_roster(s, world.tia, world.a, data)  # nothing new, nothing to hand out
    assert again.added == [] and again.pins == [] and len(again.skipped) == 4


def test_only_the_cohorts_trainers_and_admins_may_import_a_roster(world):
    s = world.store
    with pytest.raises(PermissionDeniedError):
        import_roster(s, world.tono, world.a, b"nama\nAni\n")
    with pytest.raises(PermissionDeniedError):
        import_roster(s, world.budi, world.a, b"nama\nAni\n")
    assert "Ani" not in {p.name for p in s.cohort_people(world.a)}
    done = import_roster(s, world.ada, world.b, b"nama\nAni\n")  # an admin may, in any cohort
    assert [name for name, _, _ in done.pins] == ["Ani"] and "Ani" in {p.name for p in s.cohort_people(world.b)}
