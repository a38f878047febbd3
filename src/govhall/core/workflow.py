"""Who may act, once: the workflow machine every aggregate's life cycle runs on.

A :class:`Machine` names its moves. Each :class:`Move` says from which states it may be made,
which state it leads to (``None`` for an action that changes no state, such as requesting an
extension), the policies that must all agree, the conditions the subject must meet beyond its
state, and the effects it has (a clock that starts or stops). Policies and conditions are named
functions ``(subject, actor)`` returning ``None`` (agreed) or the reason they refuse, in Chinese;
the first refusal is the answer, asked in this order:

1. the source state;
2. ``applies``: what the subject must be for the move to exist at all (the current step is a
   decision step, the case has a bill); a move that does not apply is left out of
   :meth:`Machine.available`;
3. who: signed in, then the policies (``may``);
4. ``when``: what must hold of the subject now (a limit not reached, nothing pending, a window
   free); a move that is not ready is listed by :meth:`Machine.available` with the reason.

A refused policy is about who acts (:class:`ActorRefused`); a refused state or condition is about
the subject now (:class:`StateRefused`, whoever asks).

The page asks :meth:`Machine.available` to draw its buttons (a disabled one says why), the API
lists the same, and every write goes through :meth:`Machine.check` inside its transaction, so a
button hidden on the page can never be open in the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

Subject = TypeVar("Subject")


class Principal(Protocol):
    """Who acts with a credential of their own without being a person: a hall device."""

    @property
    def is_authenticated(self) -> bool: ...


Actor = User | AnonymousUser | Principal | None
"""``None`` is the system itself (a scheduled job)."""

Policy = Callable[[Any, Any], "str | None"]
"""``policy(subject, actor)`` returns ``None`` when it agrees, else the reason it refuses. The
machine asks the policies of ``may`` only about a signed-in actor (a person, or a device for the
moves devices make), so an app may type its policies with the actor it knows they receive."""

Effect = Callable[[Any, "Step"], None]
"""``effect(subject, step)`` changes the subject (a clock) and names the fields it changed."""


@dataclass
class Step:
    """One move being made: what the effects need to know and what they changed."""

    action: str
    actor: Actor
    context: Mapping[str, Any]
    from_state: str = ""
    to_state: str = ""
    fields: set[str] = field(default_factory=set)
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Move:
    label: str | Promise
    sources: frozenset[str]
    target: str | None = None
    may: tuple[Policy, ...] = ()
    effects: tuple[Effect, ...] = ()
    system: bool = False
    """A move the system alone makes (a scheduled job, or the consequence of another move); no
    one else may make it."""
    when: tuple[Policy, ...] = ()
    """Conditions on the subject beyond its state, asked once the policies agree; a refusal is
    a :class:`StateRefused` coded with the condition's name."""
    applies: tuple[Policy, ...] = ()
    """What the subject must be, besides its state, for the move to exist at all, asked before
    who; a move that does not apply is left out of :meth:`Machine.available`."""


class StateRefused(ValidationError):
    """The subject is not in a state the move starts from; nothing was changed."""


class ActorRefused(PermissionDenied):
    """A policy refused the actor; the message says why; nothing was changed."""

    def __init__(self, reason: str, *, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def states(*names: str) -> frozenset[str]:
    return frozenset(names)


@dataclass(frozen=True)
class Refusal:
    reason: str
    code: str
    """The refusing policy's or condition's name, or ``state`` for the source state."""
    of_state: bool = False
    """The subject's state or a condition refused (whoever asks), not the actor."""


class Machine(Generic[Subject]):
    def __init__(
        self,
        *,
        name: str,
        moves: Mapping[str, Move],
        state_of: Callable[[Subject], str] = lambda subject: str(subject.state),  # type: ignore[attr-defined]
        state_label: Callable[[Subject], str] = lambda subject: str(subject.get_state_display()),  # type: ignore[attr-defined]
    ) -> None:
        self.name = name
        self.moves = dict(moves)
        self._state_of = state_of
        self._state_label = state_label

    def move(self, action: str) -> Move:
        try:
            return self.moves[action]
        except KeyError:
            raise StateRefused(_("未知的操作。"), code="unknown_action") from None

    def refusal(self, action: str, subject: Subject, actor: Actor) -> Refusal | None:
        """Why ``actor`` may not make ``action`` on ``subject`` now, or None."""
        move = self.move(action)
        if self._state_of(subject) not in move.sources:
            return Refusal(
                _("当前状态为“%(state)s”，不能%(action)s。")
                % {"state": self._state_label(subject), "action": move.label},
                "state",
                of_state=True,
            )
        refused = _first_condition(move.applies, subject, actor)
        if refused is not None:
            return refused
        if move.system:
            if actor is None:
                return None
            return Refusal(_("“%(action)s”由系统自动办理。") % {"action": move.label}, "system")
        if actor is None or not actor.is_authenticated:
            return Refusal(_("请先登录。"), "not_authenticated")
        for policy in move.may:
            reason = policy(subject, actor)
            if reason is not None:
                return Refusal(str(reason), policy.__name__)
        return _first_condition(move.when, subject, actor)

    def check(self, action: str, subject: Subject, actor: Actor) -> None:
        """Refuse (raise) unless ``actor`` may make ``action`` on ``subject`` now."""
        refusal = self.refusal(action, subject, actor)
        if refusal is None:
            return
        if refusal.of_state:
            raise StateRefused(refusal.reason, code=refusal.code)
        raise ActorRefused(refusal.reason, code=refusal.code)

    def apply(
        self, action: str, subject: Subject, actor: Actor, *, context: Mapping[str, Any] | None = None
    ) -> Step:
        """Check, then move: set the target state and run the effects. The caller holds the
        subject's row locked inside its transaction, saves ``step.fields`` and records the event."""
        self.check(action, subject, actor)
        move = self.moves[action]
        step = Step(action=action, actor=actor, context=context or {}, from_state=self._state_of(subject))
        if move.target is not None:
            subject.state = move.target  # type: ignore[attr-defined]
            step.fields.add("state")
        step.to_state = self._state_of(subject)
        for effect in move.effects:
            effect(subject, step)
        return step

    def available(
        self, subject: Subject, actor: Actor, *, only: Iterable[str] | None = None
    ) -> dict[str, Refusal | None]:
        """Every move a person could make in the subject's situation, with the reason it is refused
        to ``actor`` (None: allowed). Moves from other states, moves that do not apply and system
        moves are left out."""
        state = self._state_of(subject)
        wanted = set(only) if only is not None else None
        return {
            action: self.refusal(action, subject, actor)
            for action, move in self.moves.items()
            if state in move.sources
            and not move.system
            and (wanted is None or action in wanted)
            and _first_condition(move.applies, subject, actor) is None
        }


def _first_condition(conditions: Iterable[Policy], subject: Any, actor: Actor) -> Refusal | None:
    for condition in conditions:
        reason = condition(subject, actor)
        if reason is not None:
            return Refusal(str(reason), condition.__name__, of_state=True)
    return None
