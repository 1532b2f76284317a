"""The record classes that stand in for dataclasses on the check path."""

import pickle

import pytest

from loaderdoctor.records import FrozenInstanceError, field, record, replace


@record
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)
    label: str = field(init=False, compare=False, default="unnamed")


@record(frozen=True)
class Place:
    path: str
    line: int = 1


@record(eq=False)
class Node:
    name: str
    children: list = field(default_factory=list)


@record
class Derived(Point):
    z: int = 5


@record
class Checked:
    value: int
    doubled: int = field(init=False, default=0)

    def __post_init__(self):
        self.doubled = self.value * 2


def test_positional_keyword_and_default_arguments():
    point = Point(1, y=2)
    assert (point.x, point.y, point.tags, point.label) == (1, 2, [], "unnamed")
    assert Point(3).y == 0


def test_default_factory_gives_each_instance_its_own_object():
    first, second = Point(1), Point(2)
    first.tags.append("a")
    assert second.tags == []
    assert Point(1, tags=["given"]).tags == ["given"]


def test_record_rejects_bad_arguments():
    with pytest.raises(TypeError):
        Point()
    with pytest.raises(TypeError):
        Point(1, colour="red")
    with pytest.raises(TypeError):
        Point(1, label="not an init field")


def test_equality_compares_fields_of_the_same_class_only():
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    first, second = Point(1), Point(1)
    second.label = "other"
    assert first == second  # label is not compared
    assert Point(1) != Derived(1)
    with pytest.raises(TypeError):
        hash(Point(1))


def test_eq_false_keeps_identity_comparison_and_hashing():
    node = Node("a")
    assert node != Node("a")
    assert node == node
    assert {node: 1}[node] == 1


def test_frozen_records_refuse_changes_and_hash_by_value():
    place = Place("a.py", 3)
    with pytest.raises(FrozenInstanceError):
        place.line = 4
    with pytest.raises(FrozenInstanceError):
        del place.path
    assert hash(place) == hash(Place("a.py", 3))
    assert len({place, Place("a.py", 3), Place("b.py")}) == 2


def test_base_fields_come_first_and_post_init_runs():
    derived = Derived(1, 2, z=7)
    assert (derived.x, derived.y, derived.z) == (1, 2, 7)
    assert Checked(4).doubled == 8


def test_replace_copies_with_changes():
    place = Place("a.py", 3)
    moved = replace(place, line=9)
    assert (moved.path, moved.line, place.line) == ("a.py", 9, 3)
    with pytest.raises(TypeError):
        replace(place, column=2)


def test_records_survive_pickling_including_frozen_ones():
    for value in (Point(1, 2, ["t"]), Place("a.py", 3), Derived(1, z=2)):
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value
        assert type(copy) is type(value)


def test_repr_names_the_fields():
    assert repr(Place("a.py", 3)) == "Place(path='a.py', line=3)"
