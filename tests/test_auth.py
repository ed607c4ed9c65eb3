"""Sign-in and authorisation: who sees and changes what, as a role × resource table.

Every row runs the real operation (``coach.workspace.operations``, what the pages call) as each person and
expects it to run ("yes") or to raise PermissionDeniedError ("no"). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from trainer_helpers import T0, make_world, scored_report

from coach.workspace import attempts as own, auth, passwords
from coach.workspace import operations as workspace
from coach.workspace.auth import POLICY, Principal, Resource, authorize, cohort_resource
from coach.workspace.passwords import SignInThrottle
from coach.cli import main
from coach.i18n import error_message
from coach.errors import (
    AuthError,
    ClaimNeededError,
    NameTakenError,
    PermissionDeniedError,
    StoreError,
    ThrottledError,
    WeakSecretError,
)
from coach.store.database import Store
from coach.store.schema import MembershipRow

COLUMNS = ("budi", "tia", "nina", "tono", "ada")  # participant in A, trainers of A, trainer of B, admin

TABLE = """
operation                                  budi  tia   nina  tono  ada
open Budi's attempt (report page)          yes   yes   yes   no    yes
open Sari's attempt (same cohort)          no    yes   yes   no    yes
open Eko's attempt (other cohort)          no    no    no    yes   yes
Budi's progress page                       yes   yes   yes   no    yes
Eko's progress page                        no    no    no    yes   yes
own assignments due (participant page)     yes   yes   yes   yes   yes
assignments of cohort A                    yes   yes   yes   no    yes
assignments of cohort B                    no    no    no    yes   yes
comment on Budi's attempt                  no    yes   yes   no    yes
override a score of Budi's attempt         no    yes   yes   no    yes
mark Budi's attempt reviewed               no    yes   yes   no    yes
comment on Eko's attempt                   no    no    no    yes   yes
review queue of cohort A                   no    yes   yes   no    yes
review queue of my cohorts                 no    yes   yes   yes   yes
dashboard of cohort A                      no    yes   yes   no    yes
dashboard of cohort B                      no    no    no    yes   yes
export cohort A as CSV                     no    yes   yes   no    yes
export cohort A as PDF                     no    yes   yes   no    yes
export cohort B as CSV                     no    no    no    yes   yes
import recordings into cohort A            no    yes   yes   no    yes
assign an exercise to cohort A             no    yes   yes   no    yes
new join code for cohort A                 no    yes   yes   no    yes
reset Budi's PIN                           no    yes   yes   no    yes
create a cohort                            no    yes   yes   yes   yes
list trainer accounts                      no    no    no    no    yes
create a trainer account                   no    no    no    no    yes
open Nina's own practice attempt           no    no    yes   no    yes
Nina's progress page                       no    no    yes   no    yes
open Dedi's attempt made for cohort B      no    no    no    yes   yes
make first PINs for cohort A               no    yes   yes   no    yes
queue a recording as Budi                  yes   no    no    no    yes
queue a recording as oneself               yes   yes   yes   yes   yes
follow the analysis of Budi's attempt      yes   yes   yes   no    yes
filters of cohort A's dashboard            no    yes   yes   no    yes
trainers of cohort A                       no    yes   yes   no    yes
"""


class _Queue:
    """What :func:`coach.workspace.attempts.submit` hands a recording to: here it only notes it."""

    def __init__(self, store):
        from coach.config import load_settings

        self.store, self.settings, self.submitted = store, load_settings(), []

    def submit(self, person_id, **what):
        self.submitted.append(person_id)
        return len(self.submitted)


def _operations(w):
    s, n, queue = w.store, iter(range(1000)), _Queue(w.store)
    recording = {"audio": b"RIFF", "audio_suffix": ".wav", "kind": "practice", "language": "id"}
    return {
        "queue a recording as Budi": lambda p: own.submit(queue, p, person_id=w.budi.id, **recording),
        "queue a recording as oneself": lambda p: own.submit(queue, p, **recording),
        "follow the analysis of Budi's attempt": lambda p: own.job(s, p, w.attempts["Budi"]),
        "filters of cohort A's dashboard": lambda p: workspace.filter_options(s, p, w.a),
        "trainers of cohort A": lambda p: workspace.cohort_trainers(s, p, w.a),
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
        "reset Budi's PIN": lambda p: workspace.reset_pin(s, p, w.budi.id, "111928"),
        "create a cohort": lambda p: workspace.new_cohort(s, p, f"NEW-{next(n)}"),
        "list trainer accounts": lambda p: workspace.accounts(s, p),
        "open Nina's own practice attempt": lambda p: workspace.open_attempt(s, p, w.attempts["Nina"]),
        "Nina's progress page": lambda p: workspace.progress(s, p, w.nina.id),
        "open Dedi's attempt made for cohort B": lambda p: workspace.open_attempt(s, p, w.attempts["Dedi"]),
        "make first PINs for cohort A": lambda p: auth.issue_first_pins(s, p, w.a),
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
    """make_world's, plus Nina (co-trainer of A, with her own practice attempt) and Dedi (participant in
    A and B, with an attempt made for B)."""
    w = make_world(store)
    nina = auth.create_account(store, "Nina Trainer", login="nina", password="nina-password")
    workspace.add_trainer(store, w.tia, w.a, nina.id)
    w.nina = auth.load_principal(store, nina.id)
    w.attempts["Nina"] = store.save_attempt(nina.id, audio=b"", audio_suffix="", report=scored_report(55.0))
    dedi = auth.join_cohort(store, store.get_cohort("A").join_code, "Dedi", "731902")
    with store.db.session("test: Dedi joins B too") as s:  # one person in two cohorts
        s.add(MembershipRow(person_id=dedi.id, cohort_id=w.b, role="participant", name_key="dedi"))
        s.commit()
    w.dedi = auth.load_principal(store, dedi.id)
    w.attempts["Dedi"] = store.save_attempt(dedi.id, audio=b"", audio_suffix="", report=scored_report(45.0),
                                            cohort_id=w.b)
    return w


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
    # Dedi takes part in A and B: his attempt made for B is B's, never in A's queue, dashboard or export.
    assert {i.person_name for i in workspace.review_queue(s, world.tia)} == {"Budi", "Sari"}
    assert {i.person_name for i in workspace.review_queue(s, world.nina)} == {"Budi", "Sari"}  # not Tia's practice
    assert {i.person_name for i in workspace.review_queue(s, world.tono)} == {"Eko", "Dedi"}
    assert {i.person_name for i in workspace.review_queue(s, world.ada)} == {"Budi", "Sari", "Eko", "Dedi"}
    dash = workspace.dashboard(s, world.tia, world.a)
    assert [(p.name, p.attempts) for p in dash.participants] == [("Budi", 1), ("Dedi", 0), ("Sari", 1)]
    csv_text = workspace.export_csv(s, world.tia, world.a).decode("utf-8-sig")
    assert "Budi" in csv_text and "Sari" in csv_text and "Eko" not in csv_text and "Dedi" not in csv_text
    assert workspace.progress(s, world.tia, world.dedi.id) == []
    assert [a.id for a in workspace.progress(s, world.tono, world.dedi.id)] == [world.attempts["Dedi"]]


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
    first, second = passwords.hash_password("rahasia-sekali"), passwords.hash_password("rahasia-sekali")
    assert first.startswith("$argon2id$") and first != second
    assert passwords.verify_password(first, "rahasia-sekali") and passwords.verify_password(second, "rahasia-sekali")
    assert not passwords.verify_password(first, "rahasia-sekalI")
    assert not passwords.verify_password(None, "x") and not passwords.verify_password("not a hash", "x")


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
        auth.sign_in_external(store, "tia@example.org", email_verified=True)
    store.set_account(tia.id, active=True)
    assert auth.sign_in_external(store, "TIA@example.org", email_verified=True).id == tia.id


def test_self_learners_join_the_self_study_cohort_without_a_code(store):
    ana = auth.join_self_study(store, "Ana", "582914")
    assert ana.role == "participant" and len(ana.member_of) == 1
    assert auth.join_self_study(store, "ana", "582914").id == ana.id  # signs in again
    with pytest.raises(AuthError, match="another PIN"):
        auth.join_self_study(store, "Ana", "918273")
    assert auth.join_self_study(store, "Bayu", "567812").member_of == ana.member_of


def test_participants_join_with_the_join_code_and_their_pin(store):
    cohort = store.create_cohort("JKT", "Jakarta")
    assert cohort.join_code and len(cohort.join_code) == 6
    code = f" {cohort.join_code[:3].lower()}-{cohort.join_code[3:]} "  # typed by hand
    budi = auth.join_cohort(store, code, "  budi  santoso ", "246813")
    assert (budi.name, budi.role, budi.member_of, budi.trainer_of) == ("budi santoso", "participant",
                                                                        frozenset({cohort.id}), frozenset())
    assert auth.join_cohort(store, cohort.join_code, "Budi Santoso", "246813").id == budi.id  # signs in again
    with pytest.raises(AuthError, match="another PIN"):
        auth.join_cohort(store, cohort.join_code, "BUDI SANTOSO", "135792")
    with pytest.raises(AuthError, match="join code"):
        auth.join_cohort(store, "WRONG1", "Budi Santoso", "246813")
    with pytest.raises(WeakSecretError, match="at least 6"):
        auth.join_cohort(store, cohort.join_code, "Sari", "12")
    with pytest.raises(AuthError, match="'@'"):
        auth.join_cohort(store, cohort.join_code, "@tia", "582914")
    # A name saved without a PIN (an import) is not claimed by whoever comes first: the trainer hands out its PIN.
    legacy = store.get_or_create_person("Dewi", cohort_code="JKT")
    with pytest.raises(ClaimNeededError, match="trainer"):
        auth.join_cohort(store, cohort.join_code, "dewi", "918273")
    closed = store.set_join_code(cohort.id, open_to_join=False)
    assert closed.join_code is None
    with pytest.raises(AuthError, match="join code"):
        auth.join_cohort(store, cohort.join_code, "Budi Santoso", "246813")


def _clock(start: datetime):
    now = [start]
    return now, (lambda: now[0])


def test_repeated_failures_slow_down_progressively_then_are_forgiven(store):
    auth.create_account(store, "Tia", login="tia", password="tia-password")
    now, clock = _clock(datetime(2026, 1, 1, tzinfo=UTC))
    throttle = SignInThrottle(store, free_tries=3, base_delay_s=2, clock=clock)
    for _ in range(3):  # free tries
        with pytest.raises(AuthError, match="Wrong login"):
            auth.sign_in(store, "tia", "guess", throttle=throttle, address="10.0.0.9")
    with pytest.raises(AuthError, match="Wrong login"):
        auth.sign_in(store, "tia", "guess", throttle=throttle, address="10.0.0.9")  # 4th: 2 s to wait
    with pytest.raises(ThrottledError, match="try again in 2 s") as waiting:
        auth.sign_in(store, "tia", "tia-password", throttle=throttle)  # even the right password, any address
    assert waiting.value.wait_s == pytest.approx(2.0)
    assert error_message(waiting.value, "id").startswith("Terlalu banyak upaya masuk yang gagal. Coba lagi dalam 2 detik")
    assert "2 seconds" in error_message(waiting.value, "en")
    now[0] += timedelta(seconds=3)
    assert auth.sign_in(store, "tia", "tia-password", throttle=throttle).login == "tia"


def test_throttling_is_stored_in_the_database_and_survives_a_restart(db):
    _, _, open_store = db
    store = open_store()
    auth.create_account(store, "Tia", login="tia", password="tia-password")
    for _ in range(5):
        with pytest.raises(AuthError):
            auth.sign_in(store, "tia", "guess")
    store.close()
    restarted = open_store()  # a new process: nothing in memory
    with pytest.raises(ThrottledError):
        auth.sign_in(restarted, "tia", "tia-password")


def test_a_stranger_cannot_lock_a_trainer_out_without_slowing_themselves_more(store):
    auth.create_account(store, "Tia", login="tia", password="tia-password")
    now, clock = _clock(datetime(2026, 1, 1, tzinfo=UTC))
    throttle = SignInThrottle(store, clock=clock)
    for _ in range(40):  # a stranger hammers the trainer's login from one address
        now[0] += timedelta(minutes=20)  # waiting out every delay
        with pytest.raises(AuthError):
            auth.sign_in(store, "tia", "guess", throttle=throttle, address="203.0.113.7")
    _, _, account_until = store.throttle_state("login:tia")
    _, _, address_until = store.throttle_state("address:203.0.113.7")
    assert (account_until - now[0]).total_seconds() <= 60  # the trainer waits a minute at most: no hard lock
    assert (address_until - now[0]).total_seconds() == 900  # the stranger's address waits 15 minutes
    now[0] += timedelta(seconds=61)
    assert auth.sign_in(store, "tia", "tia-password", throttle=throttle, address="198.51.100.1").login == "tia"


def test_spraying_one_pin_over_many_names_is_stopped_by_the_address(store):
    cohort = store.create_cohort("JKT")
    victim = auth.join_cohort(store, cohort.join_code, "Name 29", "582914")
    for i in range(29):
        auth.join_cohort(store, cohort.join_code, f"Name {i}", "908172")
    refused = 0
    for i in range(30):  # one address tries PIN 582914 on every name
        try:
            who = auth.join_cohort(store, cohort.join_code, f"Name {i}", "582914", address="203.0.113.7")
            assert False, f"opened {who.name}"
        except ThrottledError:
            refused += 1
        except NameTakenError:
            pass
    assert refused >= 26  # three free tries, then the address waits (2 s, 4 s, ...), the victim is never reached
    assert victim.name == "Name 29"


def test_pins_need_six_digits_and_trivial_ones_are_refused(store):
    cohort = store.create_cohort("JKT")
    for weak in ("1234", "0000", "12345", "111111", "123456", "987654", "121212", "123123", "890123", "abcdef",
                 "12 34 56"):
        with pytest.raises(WeakSecretError):
            auth.join_cohort(store, cohort.join_code, "Sari", weak)
    assert auth.join_cohort(store, cohort.join_code, "Sari", "582914").name == "Sari"
    assert all(len(p) == 6 and p.isdigit() and not passwords._trivial_pin(p) for p in (passwords.new_pin() for _ in range(50)))
    text = error_message(WeakSecretError("x", pin=True, least=6), "id")
    assert text.startswith("PIN ini terlalu mudah ditebak: perlu minimal 6 angka")
    # the limit comes from the check, not the catalog
    assert "minimal 8 karakter" in error_message(WeakSecretError("x", pin=False, least=8), "id")
    assert "at least 12 characters" in error_message(WeakSecretError("x", pin=False, least=12), "en")


def test_sign_in_errors_give_the_real_reason_in_the_interface_language(store):
    cohort = store.create_cohort("JKT")
    auth.join_cohort(store, cohort.join_code, "Budi", "582914")
    with pytest.raises(NameTakenError) as taken:
        auth.join_cohort(store, cohort.join_code, "budi", "918273")
    assert error_message(taken.value, "id").startswith("Nama ini sudah dipakai orang lain di kelompok ini")
    assert error_message(taken.value, "en").startswith("Someone in this cohort already uses this name")


def test_imported_participants_cannot_be_claimed_only_given_a_first_pin_by_their_trainer(world):
    s = world.store
    dewi = s.get_or_create_person("Dewi", cohort_code="A")  # what `wicara import` does: no PIN
    code = s.get_cohort("A").join_code
    with pytest.raises(ClaimNeededError):
        auth.join_cohort(s, code, "Dewi", "918273")  # whoever comes first, with any PIN
    assert error_message(ClaimNeededError("x"), "en").startswith("Your trainer added this name")
    with pytest.raises(PermissionDeniedError):
        auth.issue_first_pins(s, world.tono, world.a)  # not their cohort
    issued = auth.issue_first_pins(s, world.tia, world.a)
    assert [(p.name, len(pin)) for p, pin in issued] == [("Dewi", 6)]  # Budi and Sari chose theirs
    assert auth.join_cohort(s, code, "dewi", issued[0][1]).id == dewi.id
    assert auth.issue_first_pins(s, world.tia, world.a) == []  # shown once


def test_changing_a_password_is_throttled(world):
    s = world.store
    now, clock = _clock(datetime(2026, 1, 1, tzinfo=UTC))
    throttle = SignInThrottle(s, clock=clock)
    for _ in range(4):
        with pytest.raises(AuthError, match="current password"):
            auth.change_password(s, world.tia, "guess", "tia-password-2", throttle=throttle)
    with pytest.raises(ThrottledError):
        auth.change_password(s, world.tia, "tia-password", "tia-password-2", throttle=throttle)
    now[0] += timedelta(seconds=3)
    auth.change_password(s, world.tia, "tia-password", "tia-password-2", throttle=throttle)


def test_sso_requires_a_verified_email(world):
    s = world.store
    for unverified in (False, None, "false", "no"):
        with pytest.raises(AuthError, match="not verified"):
            auth.sign_in_external(s, "tia", email_verified=unverified)
    assert auth.sign_in_external(s, "tia", email_verified=True).id == world.tia.id
    assert auth.sign_in_external(s, "tia", email_verified="true").id == world.tia.id


def test_pin_reset_by_the_cohorts_trainer(world):
    s = world.store
    workspace.reset_pin(s, world.tia, world.budi.id, "864209")
    code = s.get_cohort("A").join_code
    assert auth.join_cohort(s, code, "Budi", "864209").id == world.budi.id
    with pytest.raises(PermissionDeniedError):
        workspace.reset_pin(s, world.tono, world.budi.id, "000917")
    with pytest.raises(PermissionDeniedError):
        workspace.reset_pin(s, world.tia, world.tono.id, "new-password")  # trainers are the admin's
    workspace.reset_pin(s, world.ada, world.tono.id, "new-password")
    assert auth.sign_in(s, "tono", "new-password").id == world.tono.id
    with pytest.raises(AuthError, match="current password"):
        auth.change_password(s, world.budi, "111928", "135792")  # the PIN is 8642 now
    auth.change_password(s, world.budi, "864209", "135792")
    assert auth.join_cohort(s, code, "Budi", "135792").id == world.budi.id
    auth.change_password(s, world.tia, "tia-password", "tia-password-2")
    assert auth.sign_in(s, "tia", "tia-password-2").id == world.tia.id
    with pytest.raises(PermissionDeniedError, match="own account"):
        workspace.set_account_active(s, world.ada, world.ada.id, False)
    workspace.set_account_active(s, world.ada, world.tono.id, False)
    with pytest.raises(AuthError):
        auth.sign_in(s, "tono", "new-password")


def test_cli_create_trainer_makes_the_first_account_an_admin(tmp_path):
    runner = CliRunner()
    env = {"WICARA_DATA_DIR": str(tmp_path), "WICARA_DATABASE_URL": "", "WICARA_UI_LANGUAGE": "en"}
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
