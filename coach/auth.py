"""Sign-in and who may do what.

Trainers and admins sign in with a login and a password; participants join a cohort with its join
code, their name and their own PIN (at least 4 characters), and sign in again the same way.
Passwords and PINs are hashed with argon2id (argon2-cffi). After sign-in, the app keeps a
:class:`Principal` and asks :func:`authorize` (or :func:`require`) before showing or changing
anything. The whole policy is the table :data:`POLICY`:

==============  ===============================  ==========================  ==========
action          resource                         trainer                     admin
==============  ===============================  ==========================  ==========
view            attempt, person (progress)       own, or in a cohort they    any
                                                 train
review          attempt (comment, override)      in a cohort they train      any
view / manage   cohort (dashboard, assignments,  cohorts they train          any
/ export /      join code, CSV/PDF, import)
import
manage          person (reset a PIN)             in a cohort they train      any
manage          accounts (trainers, admins)      –                           any
==============  ===============================  ==========================  ==========

A participant may view only their own attempts and progress, practise as themselves, and view the
assignments of their own cohorts. Everything not in the table is refused; a switched-off account
may do nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .errors import AuthError, PermissionDeniedError, StoreError
from .store_types import Cohort, Person

__all__ = ["ACCOUNTS", "ACTIONS", "PAGES", "POLICY", "RESOURCE_KINDS", "Principal", "Resource", "SignInThrottle",
           "attempt_resource", "authorize", "change_password", "cohort_resource", "create_account",
           "hash_password", "join_cohort", "join_self_study", "load_principal", "pages_for", "person_resource", "require",
           "reset_password", "sign_in", "sign_in_external", "verify_password", "visible_cohorts"]

ACTIONS = ("view", "create", "review", "manage", "export", "import")
RESOURCE_KINDS = ("attempt", "person", "cohort", "assignments", "accounts")
MIN_PASSWORD_CHARS = 8  # trainers and admins (NIST SP 800-63B: at least 8)
MIN_PIN_CHARS = 4  # participants: a workshop PIN, typed on a phone

# argon2id with OWASP's minimum (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1): ~20 ms and 19 MiB per
# sign-in, so a room of participants joining at once does not exhaust a small server's memory.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass(frozen=True)
class Principal:
    """Who is signed in, with the cohorts that decide what they see (reload with :func:`load_principal`)."""

    id: int
    name: str
    role: str  # "participant" | "trainer" | "admin"
    member_of: frozenset[int] = frozenset()  # cohorts they practise in
    trainer_of: frozenset[int] = frozenset()  # cohorts they run
    active: bool = True
    login: str | None = None


@dataclass(frozen=True)
class Resource:
    """What an action is about: its kind, its owner (a person id) and the cohorts it belongs to."""

    kind: str  # one of RESOURCE_KINDS
    owner_id: int | None = None
    cohort_ids: frozenset[int] = frozenset()


ACCOUNTS = Resource("accounts")

_Rule = Callable[[Principal, Resource], bool]
RULES: dict[str, _Rule] = {
    "any": lambda p, r: True,
    "self": lambda p, r: r.owner_id is not None and r.owner_id == p.id,
    "member": lambda p, r: bool(p.member_of & r.cohort_ids),
    "trainer": lambda p, r: bool(p.trainer_of & r.cohort_ids),
}

# (role, action, resource kind) -> the rules that allow it (any one suffices). Absent: refused.
POLICY: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("participant", "view", "attempt"): ("self",),
    ("participant", "view", "person"): ("self",),
    ("participant", "create", "attempt"): ("self",),
    ("participant", "view", "assignments"): ("member",),
    ("trainer", "view", "attempt"): ("self", "trainer"),
    ("trainer", "create", "attempt"): ("self",),
    ("trainer", "review", "attempt"): ("trainer",),
    ("trainer", "view", "person"): ("self", "trainer"),
    ("trainer", "manage", "person"): ("trainer",),
    ("trainer", "view", "cohort"): ("trainer",),
    ("trainer", "manage", "cohort"): ("trainer",),
    ("trainer", "export", "cohort"): ("trainer",),
    ("trainer", "import", "cohort"): ("trainer",),
    ("trainer", "create", "cohort"): ("any",),
    ("trainer", "view", "assignments"): ("trainer",),
    ("trainer", "manage", "assignments"): ("trainer",),
    **{("admin", action, kind): ("any",) for action, kind in [
        ("view", "attempt"), ("create", "attempt"), ("review", "attempt"), ("view", "person"),
        ("manage", "person"), ("view", "cohort"), ("manage", "cohort"), ("export", "cohort"), ("import", "cohort"),
        ("create", "cohort"), ("view", "assignments"), ("manage", "assignments"), ("manage", "accounts")]},
}

# The app's pages and what each needs, for navigation: a page is listed when the role has any rule for it.
PAGES: dict[str, tuple[str, str]] = {
    "practice": ("create", "attempt"),
    "doorstop": ("create", "attempt"),
    "press_release": ("create", "attempt"),
    "report": ("view", "attempt"),
    "progress": ("view", "person"),
    "assignments": ("view", "assignments"),
    "dashboard": ("view", "cohort"),
    "review": ("review", "attempt"),
    "export": ("export", "cohort"),
    "import": ("import", "cohort"),
    "accounts": ("manage", "accounts"),
}


def authorize(principal: Principal | None, action: str, resource: Resource) -> bool:
    """Whether ``principal`` may do ``action`` on ``resource`` (nobody signed in: never)."""
    if principal is None or not principal.active:
        return False
    rules = POLICY.get((principal.role, action, resource.kind), ())
    return any(RULES[rule](principal, resource) for rule in rules)


def require(principal: Principal | None, action: str, resource: Resource) -> None:
    """:func:`authorize`, raising :class:`PermissionDeniedError` when refused."""
    if not authorize(principal, action, resource):
        who = "Nobody is signed in" if principal is None else f"{principal.name} ({principal.role})"
        raise PermissionDeniedError(f"{who} may not {action} this {resource.kind}: sign in with an account "
                                    "that has access, or ask the cohort's trainer.")


def pages_for(principal: Principal | None) -> list[str]:
    """The pages (keys of :data:`PAGES`) worth showing this principal in the navigation."""
    if principal is None or not principal.active:
        return []
    return [page for page, (action, kind) in PAGES.items() if (principal.role, action, kind) in POLICY]


# ---------------------------------------------------------------- resources from the store
def attempt_resource(store: Any, attempt_id: int) -> Resource:
    owner, cohorts = store.attempt_access(attempt_id)
    return Resource("attempt", owner_id=owner, cohort_ids=cohorts)


def person_resource(store: Any, person_id: int) -> Resource:
    return Resource("person", owner_id=person_id, cohort_ids=frozenset(store.memberships(person_id)))


def cohort_resource(cohort_id: int, kind: str = "cohort") -> Resource:
    """A cohort (dashboard, export, import…) or, with ``kind="assignments"``, its assignments."""
    return Resource(kind, cohort_ids=frozenset({cohort_id}))


def load_principal(store: Any, person: Person | int) -> Principal:
    """The principal for a person, with their current cohorts (call again after memberships change)."""
    person = store.get_person(person) if isinstance(person, int) else person
    roles: Mapping[int, str] = store.memberships(person.id)
    return Principal(id=person.id, name=person.name, role=person.role, active=person.active, login=person.login,
                     member_of=frozenset(c for c, r in roles.items() if r == "participant"),
                     trainer_of=frozenset(c for c, r in roles.items() if r == "trainer"))


def visible_cohorts(store: Any, principal: Principal) -> list[Cohort]:
    """The cohorts a principal may open: all for an admin, their own for everyone else."""
    if not principal.active:
        return []
    if principal.role == "admin":
        return list(store.list_cohorts())
    wanted = principal.trainer_of if principal.role == "trainer" else principal.member_of
    return [c for c in store.list_cohorts() if c.id in wanted]


# ---------------------------------------------------------------- passwords
def hash_password(password: str) -> str:
    """An argon2id hash (salt and parameters included) of ``password``."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; False for a missing or damaged hash."""
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check_strength(password: str, *, pin: bool) -> None:
    least = MIN_PIN_CHARS if pin else MIN_PASSWORD_CHARS
    if len(password or "") < least or not password.strip():
        what = "A PIN" if pin else "A password"
        raise AuthError(f"{what} needs at least {least} characters.")


_DUMMY_HASH: list[str] = []


def _waste_a_verification(password: str) -> None:
    # Unknown accounts take as long as wrong passwords, so timing does not reveal which logins exist.
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("wicara-timing-equaliser"))
    verify_password(_DUMMY_HASH[0], password)


class SignInThrottle:
    """Refuse sign-in for a while after repeated failures for the same account (the app keeps one)."""

    def __init__(self, *, max_failures: int = 5, window_s: float = 900.0, clock: Callable[[], float] = time.monotonic):
        self.max_failures, self.window_s, self._clock = max_failures, window_s, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            recent = [t for t in self._failures.get(key, []) if now - t < self.window_s]
            self._failures[key] = recent
            if len(recent) >= self.max_failures:
                wait_min = max(1, round((self.window_s - (now - recent[0])) / 60))
                raise AuthError(f"Too many failed sign-ins for this account: try again in {wait_min} minutes, "
                                "or ask your trainer to reset it.")

    def failed(self, key: str) -> None:
        with self._lock:
            self._failures.setdefault(key, []).append(self._clock())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


# ---------------------------------------------------------------- accounts and sign-in
def create_account(store: Any, name: str, *, login: str, password: str, role: str = "trainer",
                   by: Principal | None = None) -> Person:
    """A trainer or admin account. ``by``: the admin creating it; None only for trusted callers (the CLI)."""
    if by is not None:
        require(by, "manage", ACCOUNTS)
    _check_strength(password, pin=False)
    return store.add_account(name, login=login, role=role, password_hash=hash_password(password))


def sign_in(store: Any, login: str, password: str, *, throttle: SignInThrottle | None = None) -> Principal:
    """A trainer or admin signs in; AuthError (the same one whatever was wrong) otherwise."""
    key = f"login:{str(login).strip().casefold()}"
    if throttle:
        throttle.check(key)
    found = store.login_credentials(login)
    if found is None:
        _waste_a_verification(password)
    elif verify_password(found[1], password) and found[0].active:
        if throttle:
            throttle.succeeded(key)
        return load_principal(store, found[0])
    if throttle:
        throttle.failed(key)
    raise AuthError("Wrong login or password, or the account is switched off.")


def sign_in_external(store: Any, login: str) -> Principal:
    """An identity already proven elsewhere (OpenID Connect through ``st.login``; ``login`` is the e-mail).

    Only accounts an admin created with that login get in; nobody is created here.
    """
    found = store.login_credentials(login)
    if found is None or not found[0].active:
        raise AuthError(f"No active Wicara account for {login!r}: ask an admin to create one with that login.")
    return load_principal(store, found[0])


SELF_STUDY_COHORT = "MANDIRI"


def join_self_study(store: Any, name: str, pin: str, *, throttle: SignInThrottle | None = None) -> Principal:
    """A self-learner practises without a trainer: they join the built-in self-study cohort with a name
    and a PIN, as in :func:`join_cohort`. The cohort is made on first use; an admin sees it like any other."""
    cohort = store.get_or_create_cohort(SELF_STUDY_COHORT, "Belajar mandiri / Self-study")
    if not cohort.join_code:
        store.set_join_code(cohort.id)
        cohort = store.get_or_create_cohort(SELF_STUDY_COHORT)  # whoever set it last wins: read it back
    return join_cohort(store, cohort.join_code, name, pin, throttle=throttle)


def join_cohort(store: Any, join_code: str, name: str, pin: str, *,
                throttle: SignInThrottle | None = None) -> Principal:
    """A participant joins (first time: name and PIN are set) or signs in again (name and PIN must match).

    A name saved before sign-in existed (no PIN yet) is claimed by the first PIN given for it.
    """
    cohort = store.cohort_by_join_code(join_code)
    if cohort is None:
        raise AuthError("No cohort has this join code: check it with your trainer.")
    _check_strength(pin, pin=True)
    key = f"cohort:{cohort.id}:{' '.join(str(name).split()).casefold()}"
    if throttle:
        throttle.check(key)
    found = store.participant_credentials(cohort.id, name)
    if found is None:
        try:
            person = store.add_participant(cohort.id, name, password_hash=hash_password(pin))
        except StoreError as e:
            if "already taken" not in str(e):
                raise AuthError(str(e)) from e
            found = store.participant_credentials(cohort.id, name)  # joined at the same moment
            if found is None:
                raise AuthError(str(e)) from e
        else:
            return load_principal(store, person)
    person, stored = found
    if stored is None:
        store.set_password_hash(person.id, hash_password(pin))
    elif not (verify_password(stored, pin) and person.active):
        if throttle:
            throttle.failed(key)
        raise AuthError("This name is already in the cohort with another PIN. If it is you, check your PIN; "
                        "otherwise add something to your name (e.g. your surname's initial).")
    if throttle:
        throttle.succeeded(key)
    return load_principal(store, person)


def reset_password(store: Any, by: Principal, person_id: int, new_password: str) -> None:
    """Set someone's password (admin → trainers and admins) or PIN (trainer → their participants).

    Nobody resets their own this way: :func:`change_password` asks for the current one first.
    """
    target = store.get_person(person_id)
    if target.role == "participant":
        require(by, "manage", person_resource(store, person_id))
    else:
        require(by, "manage", ACCOUNTS)
    _check_strength(new_password, pin=target.role == "participant")
    store.set_password_hash(person_id, hash_password(new_password))


def change_password(store: Any, who: Principal, current: str, new_password: str) -> None:
    """The signed-in person changes their own password or PIN, proving the current one."""
    person = store.get_person(who.id)
    if not verify_password(store.password_hash(who.id), current):
        raise AuthError("The current password or PIN is not right.")
    _check_strength(new_password, pin=person.role == "participant")
    store.set_password_hash(who.id, hash_password(new_password))
