"""The workflow machine on a small subject of its own: states, conditions, policies, effects."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, User

from govhall.core.workflow import Actor, ActorRefused, Machine, Move, Refusal, StateRefused, Step, states


@dataclass
class Parcel:
    """A parcel at a counter: waiting, then handed over."""

    state: str = "waiting"
    signed: bool = False
    held: bool = False
    handed_over: int = 0

    def get_state_display(self) -> str:
        return {"waiting": "待领取", "handed_over": "已领取"}[self.state]


def counter_staff(parcel: Parcel, user: User) -> str | None:
    return None if user.username.startswith("counter") else "只有窗口人员可以交付。"


def signed_for(parcel: Parcel, actor: Actor) -> str | None:
    return None if parcel.signed else "请先签收。"


def not_held(parcel: Parcel, actor: Actor) -> str | None:
    return "包裹被扣留。" if parcel.held else None


def count_handover(parcel: Parcel, made: Step) -> None:
    parcel.handed_over += 1
    made.fields.add("handed_over")
    made.detail["by"] = made.context["desk"]


PARCEL: Machine[Parcel] = Machine(
    name="parcel",
    moves={
        "hand_over": Move(
            "交付",
            states("waiting"),
            "handed_over",
            applies=(signed_for,),
            may=(counter_staff,),
            when=(not_held,),
            effects=(count_handover,),
        ),
        "note": Move("备注", states("waiting", "handed_over"), may=(counter_staff,)),
        "expire": Move("逾期退回", states("waiting"), "returned", system=True),
    },
)

CLERK = User(username="counter-1")
VISITOR = User(username="visitor")


def test_a_move_allowed_sets_the_target_and_runs_the_effects() -> None:
    parcel = Parcel(signed=True)
    made = PARCEL.apply("hand_over", parcel, CLERK, context={"desk": "3"})
    assert parcel.state == "handed_over" and parcel.handed_over == 1
    assert made.from_state == "waiting" and made.to_state == "handed_over"
    assert made.fields == {"state", "handed_over"} and made.detail == {"by": "3"}


def test_a_move_without_target_changes_no_state() -> None:
    parcel = Parcel()
    made = PARCEL.apply("note", parcel, CLERK)
    assert parcel.state == "waiting" and made.fields == set() and made.to_state == "waiting"


def test_the_wrong_state_is_a_state_refusal_with_the_reason() -> None:
    parcel = Parcel(state="handed_over", signed=True)
    with pytest.raises(StateRefused, match="当前状态为“已领取”，不能交付"):
        PARCEL.check("hand_over", parcel, CLERK)


def test_a_condition_of_the_subject_is_a_state_refusal() -> None:
    with pytest.raises(StateRefused, match="请先签收") as raised:
        PARCEL.check("hand_over", Parcel(), CLERK)
    assert raised.value.code == "signed_for"
    with pytest.raises(StateRefused, match="包裹被扣留"):
        PARCEL.apply("hand_over", Parcel(signed=True, held=True), CLERK)


def test_a_policy_refuses_the_actor_with_its_reason_and_nothing_changes() -> None:
    parcel = Parcel(signed=True)
    with pytest.raises(ActorRefused, match="只有窗口人员可以交付") as raised:
        PARCEL.apply("hand_over", parcel, VISITOR)
    assert raised.value.code == "counter_staff" and raised.value.reason == "只有窗口人员可以交付。"
    assert parcel.state == "waiting" and parcel.handed_over == 0


def test_who_is_asked_before_whether_the_subject_is_ready() -> None:
    refusal = PARCEL.refusal("hand_over", Parcel(signed=True, held=True), VISITOR)
    assert refusal == Refusal("只有窗口人员可以交付。", "counter_staff", of_state=False)


def test_anonymous_and_the_system() -> None:
    assert PARCEL.refusal("note", Parcel(), AnonymousUser()) == Refusal("请先登录。", "not_authenticated")
    assert PARCEL.refusal("note", Parcel(), None) == Refusal("请先登录。", "not_authenticated")
    assert PARCEL.refusal("expire", Parcel(), None) is None
    with pytest.raises(ActorRefused, match="由系统自动办理"):
        PARCEL.check("expire", Parcel(), CLERK)


def test_an_unknown_action_is_refused() -> None:
    with pytest.raises(StateRefused, match="未知的操作"):
        PARCEL.check("burn", Parcel(), CLERK)


def test_available_lists_the_moves_of_the_situation_with_why_not() -> None:
    waiting = Parcel(signed=True)
    assert PARCEL.available(waiting, CLERK) == {"hand_over": None, "note": None}
    assert PARCEL.available(waiting, VISITOR) == {
        "hand_over": Refusal("只有窗口人员可以交付。", "counter_staff"),
        "note": Refusal("只有窗口人员可以交付。", "counter_staff"),
    }
    held = PARCEL.available(Parcel(signed=True, held=True), CLERK)
    assert held["hand_over"] == Refusal("包裹被扣留。", "not_held", of_state=True)
    assert set(PARCEL.available(Parcel(), CLERK)) == {"note"}, "a move that does not apply is left out"
    assert PARCEL.available(waiting, CLERK, only=["note"]) == {"note": None}
