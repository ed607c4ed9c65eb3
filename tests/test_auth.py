"""Sign-in and authorisation: who sees and changes what, as a role × resource table.

Every row runs the real operation (``coach.workspace``, what the pages call) as each person and
expects it to run ("yes") or to raise PermissionDeniedError ("no"). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from trainer_helpers import T0, make_world

from coach import auth, workspace
from coach.auth import POLICY, Principal, Resource, SignInThrottle, authorize, cohort_resource
from coach.cli import main
from coach.errors import AuthError, PermissionDeniedError, StoreError
from coach.store import Store

COLUMNS = ("budi", "tia", "tono", "ada")  # participant in A, trainer of A, trainer of B, admin

TABLE = """
operation                                  budi  tia   tono  ada
open Budi's attempt (report page)          yes   yes   no    yes
open Sari's attempt (same cohort)          no    yes   no    yes
open Eko's attempt (other cohort)          no    no    yes   yes
Budi's progress page                       yes   yes   no    yes
Eko's progress page                        no    no    yes   yes
own assignments due (participant page)     yes   yes   yes   yes
assignments of cohort A                    yes   yes   no    yes
assignments of cohort B                    no    no    yes   yes
comment on Budi's attempt                  no    yes   no    yes
override a score of Budi's attempt         no    yes   no    yes
mark Budi's attempt reviewed               no    yes   no    yes
comment on Eko's attempt                   no    no    yes   yes
review queue of cohort A                   no    yes   no    yes
review queue of my cohorts                 no    yes   yes   yes
dashboard of cohort A                      no    yes   no    yes
dashboard of cohort B                      no    no    yes   yes
export cohort A as CSV                     no    yes   no    yes
export cohort A as PDF                     no    yes   no    yes
export cohort B as CSV                     no    no    yes   yes
import recordings into cohort A            no    yes   no    yes
assign an exercise to cohort A             no    yes   no    yes
new join code for cohort A                 no    yes   no    yes
reset Budi's PIN                           no    yes   no    yes
create a cohort                            no    yes   yes   yes
list trainer accounts                      no    no    no    yes
create a trainer account                   no    no    no    yes
"""


def _operations(w):
    s, n = w.store, iter(range(1000))
    return {
        "open Budi's attempt (report page)": lambda p: workspace.open_attempt(s, p, w.attempts["Budi"]),
        "open Sari's attempt (same cohort)": lambda p: workspace.open_attempt(s, p, w.attempts["Sari"]),
        "open Eko's attempt (other cohort)": lambda p: workspace.open_attempt(s, p, w.attempts["Eko"]),
        "Budi's progress page": lambda p: workspace.progress(s, p, w.budi.id),
        "Eko's progress page": lambda p: workspace.progress(s, p, w.eko.id),
        "own assignments due (participant page)": lambda p: workspace.due(s, p),
        "assignments of cohort A": lambda p: workspace.cohort_assignments(s, p, w.a),
        "assignments of cohort B": lambda p: workspace.cohort_assignments(s, p, w.b),
        "comment on Budi's attempt": lambda p: workspace.comment(s, p, w.attempts["Budi"], "Bagus.", at_s=1.5),
        "override a score of Budi's attempt": lambda p: workspace.override(
            s, p, w.attempts["Budi"], dimension="pace", score=80, reason="Tempo terdengar wajar."),
        "mark Budi's attempt reviewed": lambda p: workspace.mark_reviewed(s, p, w.attempts["Budi"]),
        "comment on Eko's attempt": lambda p: workspace.comment(s, p, w.attempts["Eko"], "Good."),
        "review queue of cohort A": lambda p: workspace.review_queue(s, p, cohort_id=w.a),
        "review queue of my cohorts": lambda p: workspace.review_queue(s, p),
        "dashboard of cohort A": lambda p: workspace.dashboard(s, p, w.a),
        "dashboard of cohort B": lambda p: workspace.dashboard(s, p, w.b),
        "export cohort A as CSV": lambda p: workspace.export_csv(s, p, w.a),
        "export cohort A as PDF": lambda p: workspace.export_pdf(s, p, w.a, charts=False),
        "export cohort B as CSV": lambda p: workspace.export_csv(s, p, w.b),
        "import recordings into cohort A": lambda p: auth.require(p, "import", cohort_resource(w.a)),
        "assign an exercise to cohort A": lambda p: workspace.assign(s, p, w.a, "tempo-terkendali",
                                                                     due_at=T0 + timedelta(days=7)),
        "new join code for cohort A": lambda p: workspace.new_join_code(s, p, w.a),
        "reset Budi's PIN": lambda p: workspace.reset_pin(s, p, w.budi.id, "1111"),
        "create a cohort": lambda p: workspace.new_cohort(s, p, f"NEW-{next(n)}"),
        "list trainer accounts": lambda p: workspace.accounts(s, p),
        "create a trainer account": lambda p: workspace.create_trainer(s, p, "Nina", login=f"nina{next(n)}",
                                                                      password="nina-password"),
    }


def _table() -> list[tuple[str, dict[str, bool]]]:
    rows = []
    for line in TABLE.strip().splitlines()[1:]:
        *words, = line.split()
        marks = words[-len(COLUMNS):]
        rows.append((" ".join(words[:-len(COLUMNS)]), {c: m == "yes" for c, m in zip(COLUMNS, marks)}))
    return rows


@pytest.fixture
def world(store):
    return make_world(store)


def test_each_role_sees_and_changes_exactly_what_the_table_says(world):
    operations = _operations(world)
    rows = _table()
    assert {name for name, _ in rows} == set(operations), "every operation has a row, every row an operation"
    got: dict[str, dict[str, bool]] = {}
    for name, _ in rows:
        got[name] = {}
        for column in COLUMNS:
            try:
                operations[name](getattr(world, column))
                got[name][column] = True
            except PermissionDeniedError:
                got[name][column] = False
    mismatches = [f"{name}: {c} expected {'yes' if want[c] else 'no'}"
                  for name, want in rows for c in COLUMNS if got[name][c] != want[c]]
    assert mismatches == []


def test_lists_hold_only_what_each_role_may_see(world):
    s = world.store
    assert [c.code for c in auth.visible_cohorts(s, world.tia)] == ["A"]
    assert [c.code for c in auth.visible_cohorts(s, world.budi)] == ["A"]
    assert [c.code for c in auth.visible_cohorts(s, world.ada)] == ["A", "B"]
    assert {i.person_name for i in workspace.review_queue(s, world.tia)} == {"Budi", "Sari"}
    assert {i.person_name for i in workspace.review_queue(s, world.tono)} == {"Eko"}
    assert {i.person_name for i in workspace.review_queue(s, world.ada)} == {"Budi", "Sari", "Eko"}
    assert [p.name for p in workspace.dashboard(s, world.tia, world.a).participants] == ["Budi", "Sari"]
    csv_text = workspace.export_csv(s, world.tia, world.a).decode("utf-8-sig")
    assert "Budi" in csv_text and "Sari" in csv_text and "Eko" not in csv_text


def test_pages_each_role_is_shown():
    table = {  # page: participant, trainer, admin
        "practice": (True, True, True), "doorstop": (True, True, True), "press_release": (True, True, True),
        "report": (True, True, True), "progress": (True, True, True),
        "assignments": (True, True, True), "dashboard": (False, True, True), "review": (False, True, True),
        "export": (False, True, True), "import": (False, True, True), "accounts": (False, False, True),
    }
    assert set(table) == set(auth.PAGES)
    for i, role in enumerate(("participant", "trainer", "admin")):
        shown = auth.pages_for(Principal(1, "X", role))
        assert shown == [page for page, flags in table.items() if flags[i]], role
    assert auth.pages_for(None) == [] and auth.pages_for(Principal(1, "X", "admin", active=False)) == []


def test_nobody_and_switched_off_accounts_may_do_nothing():
    everything = Resource("cohort", owner_id=1, cohort_ids=frozenset({1}))
    off = Principal(1, "Ada", "admin", member_of=frozenset({1}), trainer_of=frozenset({1}), active=False)
    for role, action, kind in POLICY:
        resource = Resource(kind, owner_id=1, cohort_ids=frozenset({1}))
        assert not authorize(None, action, resource)
        assert not authorize(Principal(1, "X", role, active=False), action, resource)
    assert not authorize(off, "view", everything)
    with pytest.raises(PermissionDeniedError, match="Nobody is signed in"):
        auth.require(None, "view", everything)


def test_passwords_are_argon2id_salted_and_verified():
    first, second = auth.hash_password("rahasia-sekali"), auth.hash_password("rahasia-sekali")
    assert first.startswith("$argon2id$") and first != second
    assert auth.verify_password(first, "rahasia-sekali") and auth.verify_password(second, "rahasia-sekali")
    assert not auth.verify_password(first, "rahasia-sekalI")
    assert not auth.verify_password(None, "x") and not auth.verify_password("not a hash", "x")


def test_trainer_sign_in(store):
    auth.create_account(store, "Tia", login="  Tia@Example.org ", password="tia-password")
    tia = auth.sign_in(store, "tia@example.ORG", "tia-password")
    assert (tia.name, tia.role, tia.login) == ("Tia", "trainer", "tia@example.org")
    with pytest.raises(AuthError, match="Wrong login or password") as wrong:
        auth.sign_in(store, "tia@example.org", "tia-passworD")
    with pytest.raises(AuthError) as unknown:
        auth.sign_in(store, "nobody", "tia-password")
    assert str(wrong.value) == str(unknown.value)  # does not reveal which logins exist
    with pytest.raises(AuthError, match="at least 8"):
        auth.create_account(store, "Short", login="short", password="1234567")
    with pytest.raises(StoreError, match="already taken"):
        auth.create_account(store, "Other Tia", login="TIA@example.org", password="another-password")
    with pytest.raises(StoreError, match="login"):
        auth.create_account(store, "Bad", login="no spaces please", password="another-password")
    store.set_account(tia.id, active=False)
    with pytest.raises(AuthError):
        auth.sign_in(store, "tia@example.org", "tia-password")
    with pytest.raises(AuthError):
        auth.sign_in_external(store, "tia@example.org")
    store.set_account(tia.id, active=True)
    assert auth.sign_in_external(store, "TIA@example.org").id == tia.id


def test_self_learners_join_the_self_study_cohort_without_a_code(store):
    ana = auth.join_self_study(store, "Ana", "1234")
    assert ana.role == "participant" and len(ana.member_of) == 1
    assert auth.join_self_study(store, "ana", "1234").id == ana.id  # signs in again
    with pytest.raises(AuthError, match="another PIN"):
        auth.join_self_study(store, "Ana", "9999")
    assert auth.join_self_study(store, "Bayu", "5678").member_of == ana.member_of


def test_participants_join_with_the_join_code_and_their_pin(store):
    cohort = store.create_cohort("JKT", "Jakarta")
    assert cohort.join_code and len(cohort.join_code) == 6
    code = f" {cohort.join_code[:3].lower()}-{cohort.join_code[3:]} "  # typed by hand
    budi = auth.join_cohort(store, code, "  budi  santoso ", "2468")
    assert (budi.name, budi.role, budi.member_of, budi.trainer_of) == ("budi santoso", "participant",
                                                                        frozenset({cohort.id}), frozenset())
    assert auth.join_cohort(store, cohort.join_code, "Budi Santoso", "2468").id == budi.id  # signs in again
    with pytest.raises(AuthError, match="another PIN"):
        auth.join_cohort(store, cohort.join_code, "BUDI SANTOSO", "1357")
    with pytest.raises(AuthError, match="join code"):
        auth.join_cohort(store, "WRONG1", "Budi Santoso", "2468")
    with pytest.raises(AuthError, match="at least 4"):
        auth.join_cohort(store, cohort.join_code, "Sari", "12")
    with pytest.raises(AuthError, match="'@'"):
        auth.join_cohort(store, cohort.join_code, "@tia", "1234")
    # A name saved before sign-in existed (no PIN) is claimed by the first PIN given for it.
    legacy = store.get_or_create_person("Dewi", cohort_code="JKT")
    assert auth.join_cohort(store, cohort.join_code, "dewi", "9999").id == legacy.id
    with pytest.raises(AuthError):
        auth.join_cohort(store, cohort.join_code, "Dewi", "0000")
    closed = store.set_join_code(cohort.id, open_to_join=False)
    assert closed.join_code is None
    with pytest.raises(AuthError, match="join code"):
        auth.join_cohort(store, cohort.join_code, "Budi Santoso", "2468")


def test_repeated_failures_are_throttled_then_forgiven(store):
    auth.create_account(store, "Tia", login="tia", password="tia-password")
    now = [0.0]
    throttle = SignInThrottle(max_failures=3, window_s=600, clock=lambda: now[0])
    for _ in range(3):
        with pytest.raises(AuthError, match="Wrong login"):
            auth.sign_in(store, "tia", "guess", throttle=throttle)
    with pytest.raises(AuthError, match="Too many failed sign-ins.*10 minutes"):
        auth.sign_in(store, "tia", "tia-password", throttle=throttle)  # even the right password
    now[0] = 601.0
    assert auth.sign_in(store, "tia", "tia-password", throttle=throttle).login == "tia"


def test_pin_reset_by_the_cohorts_trainer(world):
    s = world.store
    workspace.reset_pin(s, world.tia, world.budi.id, "8642")
    code = s.get_cohort("A").join_code
    assert auth.join_cohort(s, code, "Budi", "8642").id == world.budi.id
    with pytest.raises(PermissionDeniedError):
        workspace.reset_pin(s, world.tono, world.budi.id, "0000")
    with pytest.raises(PermissionDeniedError):
        workspace.reset_pin(s, world.tia, world.tono.id, "new-password")  # trainers are the admin's
    workspace.reset_pin(s, world.ada, world.tono.id, "new-password")
    assert auth.sign_in(s, "tono", "new-password").id == world.tono.id
    with pytest.raises(AuthError, match="current password"):
        auth.change_password(s, world.budi, "1111", "1357")  # the PIN is 8642 now
    auth.change_password(s, world.budi, "8642", "1357")
    assert auth.join_cohort(s, code, "Budi", "1357").id == world.budi.id
    auth.change_password(s, world.tia, "tia-password", "tia-password-2")
    assert auth.sign_in(s, "tia", "tia-password-2").id == world.tia.id
    with pytest.raises(PermissionDeniedError, match="own account"):
        workspace.set_account_active(s, world.ada, world.ada.id, False)
    workspace.set_account_active(s, world.ada, world.tono.id, False)
    with pytest.raises(AuthError):
        auth.sign_in(s, "tono", "new-password")


def test_cli_create_trainer_makes_the_first_account_an_admin(tmp_path):
    runner = CliRunner()
    env = {"WICARA_DATA_DIR": str(tmp_path), "WICARA_DATABASE_URL": ""}
    first = runner.invoke(main, ["admin", "create-trainer", "Ani Wijaya", "--login", "ani", "--password-stdin"],
                          input="kata-sandi-ani\n", env=env)
    assert first.exit_code == 0, first.output
    assert "admin account 'ani'" in first.output
    second = runner.invoke(main, ["admin", "create-trainer", "Budi", "--login", "budi"],
                           input="kata-sandi-budi\nkata-sandi-budi\n", env=env)  # prompted, with confirmation
    assert second.exit_code == 0 and "trainer account 'budi'" in second.output
    short = runner.invoke(main, ["admin", "create-trainer", "C", "--login", "c", "--password-stdin"],
                          input="short\n", env=env)
    assert short.exit_code == 1 and short.output.strip() == "Error: A password needs at least 8 characters."
    taken = runner.invoke(main, ["admin", "create-trainer", "Ani", "--login", "ANI", "--password-stdin"],
                          input="kata-sandi-ani\n", env=env)
    assert taken.exit_code == 1 and "already taken" in taken.output
    reset = runner.invoke(main, ["admin", "set-password", "budi", "--password-stdin"], input="baru-sekali\n", env=env)
    assert reset.exit_code == 0, reset.output
    listed = runner.invoke(main, ["admin", "list"], env=env)
    assert [line.split()[:2] for line in listed.output.splitlines()] == [["ani", "admin"], ["budi", "trainer"]]
    store = Store(f"sqlite:///{tmp_path / 'wicara.db'}", audio_dir=tmp_path / "audio")
    try:
        assert auth.sign_in(store, "ani", "kata-sandi-ani").role == "admin"
        assert auth.sign_in(store, "budi", "baru-sekali").role == "trainer"
    finally:
        store.close()
