"""`policydiff._values.dataclass` makes classes that behave as `dataclasses.dataclass` makes them.

The oracle is the standard library: each class below is built twice from the same body, once by
each decorator, and every behaviour a caller can see (construction, defaults, `repr`, `==`, `hash`,
frozenness, pickling, copying, `replace`, `asdict`, pattern matching, the signature) is compared.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest

import policydiff.model
from policydiff import _values

Decorator = Callable[..., Any]


def _classes(dataclass: Decorator) -> dict[str, Any]:
    """Build the test classes with `dataclass`, under module-level names so pickle can find them."""

    @dataclass(frozen=True, slots=True)
    class Point:
        """Two fields without defaults."""

        x: int
        y: int

    @dataclass(frozen=True, slots=True)
    class Tagged:
        """Defaults, a factory default and a nested value."""

        name: str
        point: Point | None = None
        tags: tuple[str, ...] = ()
        notes: list[str] = dataclasses.field(default_factory=list)
        hidden: str = dataclasses.field(default="h", repr=False, compare=False)

    @dataclass(frozen=True, slots=True)
    class One:
        """A single field."""

        value: float

    @dataclass(slots=True)
    class Mutable:
        """Not frozen: assignable and unhashable."""

        count: int = 0

    return {"Point": Point, "Tagged": Tagged, "One": One, "Mutable": Mutable}


FAST = _classes(_values.dataclass)
STANDARD = _classes(dataclasses.dataclass)
for _name, _cls in FAST.items():
    _cls.__qualname__ = _name
    setattr(sys.modules[__name__], _name, _cls)


def _pairs() -> list[tuple[Any, Any]]:
    """The same values built by both decorators."""
    values: list[tuple[Any, ...]] = []
    nan = float("nan")  # one object: a NaN hashes by identity
    for classes in (FAST, STANDARD):
        point = classes["Point"](1, 2)
        values.append(
            (
                point,
                classes["Point"](x=1, y=3),
                classes["Tagged"]("a"),
                classes["Tagged"]("a", point, ("t",), ["n"], hidden="other"),
                classes["One"](nan),
                classes["One"](0.5),
                classes["Mutable"](),
                classes["Mutable"](4),
            )
        )
    return list(zip(values[0], values[1], strict=True))


def _shown(text: str) -> str:
    return text.replace("_classes.<locals>.", "")


@pytest.mark.parametrize(("fast", "standard"), _pairs())
def test_a_value_reads_compares_and_hashes_as_the_standard_dataclass(fast: Any, standard: Any) -> None:
    assert _shown(repr(fast)) == _shown(repr(standard))
    assert repr(dataclasses.asdict(fast)) == repr(dataclasses.asdict(standard))
    assert repr(dataclasses.astuple(fast)) == repr(dataclasses.astuple(standard))
    assert type(fast).__match_args__ == type(standard).__match_args__
    assert str(inspect.signature(type(fast))) == str(inspect.signature(type(standard)))
    assert (fast == fast) == (standard == standard)  # a NaN field: the tuples compare by identity first
    assert fast.__eq__(object()) is NotImplemented
    assert fast != dataclasses.replace(fast, **{dataclasses.fields(fast)[0].name: 7})
    hashable = type(standard).__hash__ is not None
    assert (type(fast).__hash__ is not None) == hashable
    if hashable:
        assert _hash(fast) == _hash(standard)
        assert _hash(fast) == _hash(dataclasses.replace(fast))


@pytest.mark.parametrize(("fast", "standard"), _pairs())
def test_a_value_is_frozen_or_not_and_pickles_as_the_standard_dataclass(fast: Any, standard: Any) -> None:
    first = dataclasses.fields(fast)[0].name
    frozen = type(standard).__dataclass_params__.frozen
    if frozen:
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{first}'"):
            setattr(fast, first, 1)
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{first}'"):
            delattr(fast, first)
    else:
        setattr(fast, first, 9)
        assert getattr(fast, first) == 9
    with pytest.raises(AttributeError):
        fast.__dict__  # noqa: B018 — slotted: no instance dictionary
    for twin in (pickle.loads(pickle.dumps(fast)), copy.copy(fast), copy.deepcopy(fast)):
        assert type(twin) is type(fast)
        assert repr(twin) == repr(fast)


def test_equality_needs_the_very_same_class() -> None:
    assert FAST["Point"](1, 2) != STANDARD["Point"](1, 2)
    assert FAST["Point"](1, 2) == FAST["Point"](1, 2)
    assert FAST["Tagged"]("a", hidden="x") == FAST["Tagged"]("a", hidden="y")  # compare=False
    assert FAST["Tagged"]("a").notes is not FAST["Tagged"]("a").notes  # a fresh list each time


def test_a_class_it_does_not_cover_is_left_to_the_standard_dataclass() -> None:
    @_values.dataclass(frozen=True, slots=True)
    class Checked:
        """Has a `__post_init__`, which the fast path does not write."""

        n: int

        def __post_init__(self) -> None:
            if self.n < 0:
                raise ValueError("negative")

    with pytest.raises(ValueError, match="negative"):
        Checked(-1)
    assert Checked(1) == Checked(1)


def _hash(value: Any) -> int | str:
    try:
        return hash(value)
    except TypeError as exc:  # a field holding a list or a dict
        return str(exc)


def test_every_model_class_behaves_as_the_standard_dataclass_on_a_comparison() -> None:
    """The model built again with the standard decorator: every value of a real comparison has the
    same `repr`, hash and equality as its twin."""
    import enum

    source = inspect.getsource(policydiff.model).replace(
        "from policydiff._values import dataclass", "from dataclasses import dataclass"
    )
    standard = type(sys)("policydiff_model_standard")
    sys.modules[standard.__name__] = standard
    try:
        exec(compile(source, standard.__name__, "exec"), standard.__dict__)  # the model, standard-built

        def twin(value: Any) -> Any:
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                cls = getattr(standard, type(value).__name__)
                return cls(*[twin(getattr(value, f.name)) for f in dataclasses.fields(value)])
            if isinstance(value, enum.Enum):
                return getattr(standard, type(value).__name__)(value.value)
            if isinstance(value, tuple):
                return tuple(twin(item) for item in value)
            if isinstance(value, dict):
                return {key: twin(item) for key, item in value.items()}
            return value

        from tests.conftest import CORPUS

        comparison = policydiff.compare(
            CORPUS / "text" / "cncf-coc-v1.0-2017.txt", CORPUS / "text" / "cncf-coc-v1.1-2021.txt"
        )
        seen: set[str] = set()
        values: list[Any] = [comparison]
        while values:
            value = values.pop()
            if isinstance(value, Sequence) and not isinstance(value, str):  # tuples, lists, `Changes`
                values.extend(value)
                continue
            if not dataclasses.is_dataclass(value) or isinstance(value, type):
                continue
            seen.add(type(value).__name__)
            other = twin(value)
            assert repr(value) == repr(other)
            assert _hash(value) == _hash(other)
            assert (value == copy.copy(value)) == (other == copy.copy(other))
            assert pickle.loads(pickle.dumps(value)) == value
            values.extend(getattr(value, f.name) for f in dataclasses.fields(value))
        assert {"Comparison", "Change", "Clause", "Policy", "Location"} <= seen
    finally:
        del sys.modules[standard.__name__]


def test_the_signature_is_right_before_the_first_instance_too() -> None:
    """`__init__` is compiled when first looked up: asking for the signature first, or making an
    instance first, gives the same as the standard dataclass."""
    for first in ("signature", "instance"):
        fast, standard = _classes(_values.dataclass)["Tagged"], _classes(dataclasses.dataclass)["Tagged"]
        if first == "instance":
            assert fast("a").tags == ()
        assert str(inspect.signature(fast)) == str(inspect.signature(standard))
        assert fast.__init__.__qualname__ == standard.__init__.__qualname__
        assert _shown(repr(fast("a", tags=("t",)))) == _shown(repr(standard("a", tags=("t",))))
        with pytest.raises(TypeError):
            fast()  # the name is required


def test_a_plain_subclass_made_before_the_first_instance_builds() -> None:
    point = _classes(_values.dataclass)["Point"]

    class Named(point):  # type: ignore[misc,valid-type]
        """A subclass that is not a dataclass: it inherits the compiled `__init__`."""

    assert Named(1, 2).x == 1
    assert point(1, 2) == point(1, 2)
    assert str(inspect.signature(Named)) == "(x: 'int', y: 'int') -> None"


def test_field_names_and_replace_need_no_dataclasses_module() -> None:
    """`_values.field_names` and `_values.replace` answer as `dataclasses.fields` and `replace` do,
    for a class made here, a standard dataclass and anything else."""
    fast, standard = FAST["Tagged"]("a", tags=("t",)), STANDARD["Tagged"]("a", tags=("t",))
    for value in (fast, standard):
        names = tuple(f.name for f in dataclasses.fields(value))
        assert _values.field_names(value) == names
        assert _values.field_names(type(value)) == names
        assert repr(_values.replace(value, name="b")) == repr(dataclasses.replace(value, name="b"))
        with pytest.raises(TypeError):
            _values.replace(value, nothing=1)
    assert _values.field_names("text") is None
    assert _values.field_names(3) is None


def test_a_slotted_subclass_keeps_its_class_and_a_failing_factory_leaves_nothing() -> None:
    """`__init__` stores through a mutable twin class for the class itself only: an instance of a
    subclass (slotted or not) is built through the slot descriptors and keeps its class."""
    tagged = FAST["Tagged"]

    class Slotted(tagged):  # type: ignore[misc,valid-type]
        """A subclass with the same layout."""

        __slots__ = ()

    class Plain(tagged):  # type: ignore[misc,valid-type]
        """A subclass with an instance dictionary."""

    for cls in (tagged, Slotted, Plain):
        value = cls("a", None, ("t",))
        assert type(value) is cls
        assert (value.name, value.tags, value.notes) == ("a", ("t",), [])
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.name = "b"


def test_values_field_falls_back_to_the_standard_field() -> None:
    """A class the fast path does not cover (here: no docstring) gets `dataclasses.field` in place of
    `_values.field`, with the same default factory."""

    @_values.dataclass(frozen=True, slots=True)
    class Bare:
        items: list[int] = _values.field(default_factory=list)

    assert Bare().items == []
    assert Bare().items is not Bare().items
    assert dataclasses.fields(Bare)[0].default_factory is list
    with pytest.raises(ValueError, match="both default and default_factory"):
        _values.field(default=1, default_factory=list)  # type: ignore[call-overload]


def test_classes_of_one_shape_share_compiled_code_but_not_names_defaults_or_factories() -> None:
    """`__init__` is compiled once for each shape (number of fields, which have a factory) and copied with
    each class's field names: two classes of one shape keep their own names, defaults and factories, and
    a field named as `__init__`'s own globals goes to the standard decorator."""

    @_values.dataclass(frozen=True, slots=True)
    class Left:
        """Five fields, the last two defaulted, one by a factory."""

        a: int
        b: str
        c: float
        d: tuple[int, ...] = ()
        e: list[int] = _values.field(default_factory=list)

    @_values.dataclass(frozen=True, slots=True)
    class Right:
        """The same shape, other names and defaults."""

        v: int
        w: str
        x: float
        y: tuple[int, ...] = (1,)
        z: dict[str, int] = _values.field(default_factory=dict)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Standard:
        """What the standard decorator makes of `Left`."""

        a: int
        b: str
        c: float
        d: tuple[int, ...] = ()
        e: list[int] = dataclasses.field(default_factory=list)

    left, right = Left(1, "s", 2.0), Right(w="t", x=3.0, v=2)
    assert (left.a, left.b, left.c, left.d, left.e) == (1, "s", 2.0, (), [])
    assert (right.v, right.w, right.x, right.y, right.z) == (2, "t", 3.0, (1,), {})
    assert Left.__init__.__code__.co_code == Right.__init__.__code__.co_code
    assert str(inspect.signature(Left)) == str(inspect.signature(Standard))
    with pytest.raises(TypeError, match="'a'"):
        Left(b="s", c=1.0)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'v'"):
        Left(1, "s", 2.0, v=1)  # type: ignore[call-arg]

    @_values.dataclass(frozen=True, slots=True)
    class Clash:
        """A field named as one of the compiled `__init__`'s globals."""

        _pd_cls: int
        _pd_f0: int = 0

    assert "__dataclass_fields__" in Clash.__dict__ and Clash not in _values._NAMES
    assert (Clash(1)._pd_cls, Clash(1, 2)._pd_f0) == (1, 2)
