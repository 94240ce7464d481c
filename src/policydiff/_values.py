"""`dataclass` for the value classes, built with one compiled function per class instead of six.

`dataclasses.dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__` for every class and compiles each with `exec`; for the 27 frozen
classes of `policydiff.model` that was about 60 % of the module's import (decision 0017, second
round). Here the standard `dataclass` still collects the fields, makes the slots and `__match_args__`
(it compiles nothing when asked for no methods), only `__init__` is compiled (it must stay fast:
parsing builds one `Clause` per clause), and the other methods are shared closures over the field
names that do what the generated ones do on Python 3.11:

- `__eq__`: instances of the very same class compare as the tuples of their fields, else
  `NotImplemented`;
- `__hash__` (frozen): the hash of that tuple; a mutable class with `eq` is unhashable;
- `__repr__`: `Name(field=value!r, …)`, `...` for a value holding itself;
- frozen: assigning or deleting a field raises `dataclasses.FrozenInstanceError`, and pickling goes
  through `__getstate__`/`__setstate__` as the standard slotted frozen classes do.

A class this does not cover (no slots, no docstring, `__post_init__`, its own dunder methods, a
dataclass base, `InitVar`/`KW_ONLY`/`ClassVar`, a field with `init=False` or `kw_only`, `order` …) is
handed to `dataclasses.dataclass` unchanged. Type checkers see the standard `dataclass`.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from dataclasses import dataclass as dataclass
    from typing import Any

    Key = Callable[[Any], tuple[Any, ...]]
else:

    def dataclass(cls=None, /, *, frozen=False, slots=False, **options):
        """Return `cls` as `dataclasses.dataclass(cls, frozen=frozen, slots=slots, **options)` would."""

        def wrap(cls):
            if not slots or options or not _covered(cls):
                return dataclasses.dataclass(cls, frozen=frozen, slots=slots, **options)
            return _build(cls, frozen)

        return wrap if cls is None else wrap(cls)


_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__post_init__")
_SPECIAL = ("InitVar", "KW_ONLY", "ClassVar")


class _Factory:
    """The default of a parameter whose field has a `default_factory` (shown as `<factory>`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _covered(cls: type) -> bool:
    """Return whether `_build` makes exactly what the standard `dataclass` would for `cls`."""
    if not cls.__doc__ or any(name in cls.__dict__ for name in _OWN) or hasattr(cls, "__post_init__"):
        return False
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return False
    # The class's own annotations (strings: `from __future__ import annotations`), read without
    # importing `inspect` for `get_annotations`.
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if not isinstance(annotation, str) or any(word in annotation for word in _SPECIAL):
            return False
        value = cls.__dict__.get(name)
        if isinstance(value, dataclasses.Field) and (not value.init or value.kw_only is True):
            return False
    return True


def _build(cls: type, frozen: bool) -> type:
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields)
    setattr(cls, "__init__", _InitOnFirstUse(cls, fields))  # noqa: B010 — a descriptor, not a method
    compared = _getter(tuple(f.name for f in fields if f.compare))
    _name_methods(cls, _eq(compared))
    shown = tuple(f.name for f in fields if f.repr)
    _name_methods(cls, _repr(shown, _getter(shown)))
    if frozen:
        hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
        _name_methods(cls, _frozen(cls, frozenset(names), hashed))
    else:
        cls.__hash__ = None  # type: ignore[assignment]
    return cls


def _getter(names: tuple[str, ...]) -> Key:
    """Return a function from an instance to the tuple of the named attributes."""
    if len(names) >= 2:
        return attrgetter(*names)
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return lambda self: ()


def _name_methods(cls: type, methods: dict[str, object]) -> None:
    for name, method in methods.items():
        if callable(method):
            method.__qualname__ = f"{cls.__qualname__}.{name}"  # type: ignore[attr-defined]
            method.__module__ = cls.__module__
        setattr(cls, name, method)


class _InitOnFirstUse:
    """`__init__` compiled when first looked up (a class's first instance, or `inspect.signature`):
    compiling it is half the cost of making a class, and a run uses few of the classes it imports.
    The lookup replaces this with the compiled function on the class, so the next one finds it."""

    def __init__(self, cls: type, fields: tuple[dataclasses.Field[object], ...]) -> None:
        self.cls = cls
        self.fields = fields

    def __get__(self, instance: object, owner: type) -> Any:
        # `owner` may be a subclass: the function belongs to the class this was made for.
        init = self.cls.__dict__["__init__"]
        if init is self:
            _name_methods(self.cls, _init(self.cls, self.fields))
            init = self.cls.__dict__["__init__"]
        return init.__get__(instance, owner)


def _init(cls: type, fields: tuple[dataclasses.Field[object], ...]) -> dict[str, object]:
    """Compile `__init__`: each argument stored through its slot's descriptor, as fast as it gets."""
    namespace: dict[str, object] = {"_FACTORY": _FACTORY, "__name__": cls.__module__}
    params, body = [], []
    for f in fields:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        value = f.name
        if f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            value = f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}"
        elif f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        else:
            params.append(f.name)
        body.append(f"    _set_{f.name}(self, {value})")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, namespace)  # the source is made above from the field names only
    init: Any = namespace["__init__"]
    init.__annotations__ = {**{f.name: f.type for f in fields}, "return": None}
    return {"__init__": init}


def _eq(key: Key) -> dict[str, object]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return {"__eq__": __eq__}


def _repr(names: tuple[str, ...], values: Key) -> dict[str, object]:
    from reprlib import recursive_repr

    @recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join([f"{n}={v!r}" for n, v in zip(names, values(self), strict=True)])
        return f"{self.__class__.__qualname__}({shown})"

    return {"__repr__": __repr__}


def _frozen(cls: Any, names: frozenset[str], hashed: Key) -> dict[str, object]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, f.name) for f in dataclasses.fields(self)]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for f, value in zip(dataclasses.fields(self), state, strict=False):
            object.__setattr__(self, f.name, value)

    return {
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
        "__hash__": __hash__,
        "__getstate__": __getstate__,
        "__setstate__": __setstate__,
    }
