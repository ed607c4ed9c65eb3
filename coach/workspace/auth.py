"""Sign-in and who may do what.

Trainers and admins sign in with a login and a password; participants join a cohort with its join
code, their name and their own PIN (at least 4 characters), and sign in again the same way.
Passwords and PINs are hashed with argon2id (:mod:`coach.workspace.passwords`). After sign-in, the app keeps a
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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import (
    AuthError,
    ClaimNeededError,
    CohortArchivedError,
    NameTakenError,
    PermissionDeniedError,
    StoreError,
)
from ..store.types import Cohort, Person
from .passwords import SignInThrottle, check_secret, hash_password, new_pin, verify_password, waste_a_verification

__all__ = ["ACCOUNTS", "ACTIONS", "PAGES", "POLICY", "RESOURCE_KINDS", "Principal", "Resource",
           "attempt_resource", "authorize", "change_password", "cohort_resource", "create_account",
           "issue_first_pins", "join_cohort", "join_self_study", "load_principal", "pages_for", "person_resource",
           "require", "reset_password", "sign_in", "sign_in_external", "visible_cohorts"]

ACTIONS = ("view", "create", "review", "manage", "export", "import")
RESOURCE_KINDS = ("attempt", "person", "cohort", "assignments", "accounts")



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
    """A person's progress: theirs, and their trainers' for the cohorts they take part in as a participant
    (a co-trainer's own practice is nobody else's business)."""
    return Resource("person", owner_id=person_id, cohort_ids=frozenset(
        c for c, role in store.memberships(person_id).items() if role == "participant"))


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


def visible_cohorts(store: Any, principal: Principal, *, include_archived: bool = False) -> list[Cohort]:
    """The cohorts a principal may open: all for an admin, their own for everyone else; archived ones
    only with ``include_archived`` (the pickers leave them out)."""
    if not principal.active:
        return []
    cohorts = [c for c in store.list_cohorts() if include_archived or not c.archived]
    if principal.role == "admin":
        return cohorts
    wanted = principal.trainer_of if principal.role == "trainer" else principal.member_of
    return [c for c in cohorts if c.id in wanted]


def _address_key(address: str | None) -> str | None:
    return f"address:{address.strip()}" if address and address.strip() else None


# ---------------------------------------------------------------- accounts and sign-in
def create_account(store: Any, name: str, *, login: str, password: str, role: str = "trainer",
                   by: Principal | None = None) -> Person:
    """A trainer or admin account. ``by``: the admin creating it; None only for trusted callers (the CLI)."""
    if by is not None:
        require(by, "manage", ACCOUNTS)
    check_secret(password, pin=False)
    return store.add_account(name, login=login, role=role, password_hash=hash_password(password))


def _throttle(store: Any, throttle: SignInThrottle | None) -> SignInThrottle:
    return throttle if throttle is not None else SignInThrottle(store)


def sign_in(store: Any, login: str, password: str, *, throttle: SignInThrottle | None = None,
            address: str | None = None) -> Principal:
    """A trainer or admin signs in; AuthError (the same one whatever was wrong) otherwise.

    ``address``: the client's IP address; failures are counted per login and per address
    (:class:`SignInThrottle`), and a throttled try says how long to wait.
    """
    throttle = _throttle(store, throttle)
    key, where = f"login:{str(login).strip().casefold()}", _address_key(address)
    throttle.check(key, where)
    found = store.login_credentials(login)
    if found is None:
        waste_a_verification(password)
    elif verify_password(found[1], password) and found[0].active:
        throttle.succeeded(key)
        return load_principal(store, found[0])
    throttle.failed(key, where)
    raise AuthError("Wrong login or password, or the account is switched off.")


def sign_in_external(store: Any, login: str, *, email_verified: object = False) -> Principal:
    """An identity already proven elsewhere (OpenID Connect through ``st.login``; ``login`` is the e-mail).

    The provider must vouch for the e-mail (``email_verified`` claim true): otherwise anyone could
    register an account at the provider with a trainer's address. Only accounts an admin created
    with that login get in; nobody is created here.
    """
    if email_verified is not True and str(email_verified).strip().lower() != "true":
        raise AuthError(f"The sign-in provider has not verified the e-mail address {login!r}: verify it there "
                        "first, or sign in with your Wicara login and password.")
    found = store.login_credentials(login)
    if found is None or not found[0].active:
        raise AuthError(f"No active Wicara account for {login!r}: ask an admin to create one with that login.")
    return load_principal(store, found[0])


SELF_STUDY_COHORT = "MANDIRI"


def join_self_study(store: Any, name: str, pin: str, *, throttle: SignInThrottle | None = None,
                    address: str | None = None) -> Principal:
    """A self-learner practises without a trainer: they join the built-in self-study cohort with a name
    and a PIN, as in :func:`join_cohort`. The cohort is made on first use; an admin sees it like any other."""
    cohort = store.get_or_create_cohort(SELF_STUDY_COHORT, "Belajar mandiri / Self-study")
    if not cohort.join_code:
        store.set_join_code(cohort.id)
        cohort = store.get_or_create_cohort(SELF_STUDY_COHORT)  # whoever set it last wins: read it back
    return join_cohort(store, cohort.join_code, name, pin, throttle=throttle, address=address)


def join_cohort(store: Any, join_code: str, name: str, pin: str, *,
                throttle: SignInThrottle | None = None, address: str | None = None) -> Principal:
    """A participant joins (first time: name and PIN are set) or signs in again (name and PIN must match).

    A name a trainer added (by importing recordings) has no PIN: it cannot be claimed by whoever
    comes first; the trainer hands out its first PIN (:func:`issue_first_pins`). Failures count per
    name and per client address (:class:`SignInThrottle`).
    """
    throttle = _throttle(store, throttle)
    where = _address_key(address)
    throttle.check(where)
    cohort = store.cohort_by_join_code(join_code)
    if cohort is None:
        throttle.failed(None, where)
        raise AuthError("No cohort has this join code: check it with your trainer.")
    key = f"cohort:{cohort.id}:{' '.join(str(name).split()).casefold()}"
    throttle.check(key, where)
    found = store.participant_credentials(cohort.id, name)
    if found is None and cohort.archived:  # its participants still sign in; nobody new joins
        raise CohortArchivedError(f"The cohort {cohort.code!r} is archived: it takes no new participants.")
    if found is None:
        check_secret(pin, pin=True)
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
        raise ClaimNeededError(f"{person.name!r} was added by the cohort's trainer and has no PIN yet: ask the "
                               "trainer for your first PIN.")
    if not (verify_password(stored, pin) and person.active):
        throttle.failed(key, where, pin=True)
        raise NameTakenError("This name is already in the cohort with another PIN. If it is you, check your PIN; "
                             "otherwise add something to your name (e.g. your surname's initial).")
    throttle.succeeded(key)
    return load_principal(store, person)


def issue_first_pins(store: Any, by: Principal | None, cohort_id: int) -> list[tuple[Person, str]]:
    """A fresh PIN for every participant of the cohort who has none (added by an import), to hand out
    once (printed or read out); only the hashes are kept. Returns ``[(person, PIN)]`` by name.
    ``by``: the cohort's trainer or an admin; None only for trusted callers (the CLI)."""
    if by is not None:
        require(by, "manage", cohort_resource(cohort_id))
    issued = []
    for person in store.cohort_people(cohort_id):
        if store.password_hash(person.id) is None:
            pin = new_pin()
            store.set_password_hash(person.id, hash_password(pin))
            issued.append((person, pin))
    return issued


def reset_password(store: Any, by: Principal, person_id: int, new_password: str) -> None:
    """Set someone's password (admin → trainers and admins) or PIN (trainer → their participants).

    Nobody resets their own this way: :func:`change_password` asks for the current one first.
    Every session of that person ends.
    """
    target = store.get_person(person_id)
    if target.role == "participant":
        require(by, "manage", person_resource(store, person_id))
    else:
        require(by, "manage", ACCOUNTS)
    check_secret(new_password, pin=target.role == "participant")
    store.set_password_hash(person_id, hash_password(new_password))
    store.revoke_sessions(person_id=person_id)


def change_password(store: Any, who: Principal, current: str, new_password: str, *,
                    throttle: SignInThrottle | None = None, address: str | None = None) -> None:
    """The signed-in person changes their own password or PIN, proving the current one (throttled like
    a sign-in). Every session of theirs ends; the caller starts a new one for this browser."""
    throttle = _throttle(store, throttle)
    key, where = f"change:{who.id}", _address_key(address)
    throttle.check(key, where)
    person = store.get_person(who.id)
    if not verify_password(store.password_hash(who.id), current):
        throttle.failed(key, where, pin=person.role == "participant")
        raise AuthError("The current password or PIN is not right.")
    check_secret(new_password, pin=person.role == "participant")
    throttle.succeeded(key)
    store.set_password_hash(who.id, hash_password(new_password))
    store.revoke_sessions(person_id=who.id)
