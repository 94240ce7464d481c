"""`dataclass` for the value classes, built without the `dataclasses` module or a compile for each class.

`dataclasses.dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__` for every class and compiles each with `exec`, and importing
`dataclasses` imports `inspect` (with `ast`, `dis`, `tokenize`): together about 15 ms of a run's start
(decision 0024). Here a class is made from its annotations and defaults directly: the slots and
`__match_args__` as the standard decorator makes them, `__init__` made when first looked up (a copy,
with the class's field names, of the code compiled once for its shape: number of fields and which
have a factory), and the other methods shared closures over the field names that do what the
generated ones do on Python 3.11:

- `__eq__`: instances of the very same class compare as the tuples of their fields, else
  `NotImplemented`;
- `__hash__` (frozen): the hash of that tuple; a mutable class with `eq` is unhashable;
- `__repr__`: `Name(field=value!r, …)`, `...` for a value holding itself;
- frozen: assigning or deleting a field raises `dataclasses.FrozenInstanceError`, and pickling goes
  through `__getstate__`/`__setstate__` as the standard slotted frozen classes do.

`__init__` of a class with four fields or more stores the arguments while the instance is, for that
moment, of a mutable twin class with the same slots (`self.x = x` is then the interpreter's fastest
store), and gives it its class back at the end: `Block(...)` runs 43 % fewer instructions than with
one slot-descriptor call a field.

`dataclasses.fields`, `replace`, `asdict`, `is_dataclass` work on these classes:
`__dataclass_fields__` and `__dataclass_params__` are made by the standard decorator (on a twin
class) when first asked for. `field_names` and `replace` here do the same without importing it.

A class this does not cover (no slots, no docstring, a base class, `__post_init__`, its own dunder
methods, `InitVar`/`KW_ONLY`/`ClassVar`, a field with `init=False` or `kw_only`, `order` …) is handed
to `dataclasses.dataclass` unchanged. Type checkers see the standard `dataclass` and `field`.
"""

from __future__ import annotations

import sys
from operator import attrgetter
from types import CodeType, FunctionType

TYPE_CHECKING = False


class _Missing:
    """No default (this module's `dataclasses.MISSING`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<dataclasses.MISSING>"


MISSING: Any = _Missing()

if TYPE_CHECKING:
    from collections.abc import Callable
    from dataclasses import dataclass as dataclass
    from dataclasses import field as field
    from typing import Any, TypeVar

    Key = Callable[[Any], tuple[Any, ...]]
    _T = TypeVar("_T")
else:

    def dataclass(cls=None, /, *, frozen=False, slots=False, **options):
        """Return `cls` as `dataclasses.dataclass(cls, frozen=frozen, slots=slots, **options)` would."""

        def wrap(cls):
            specs = _specs(cls) if slots and not options else None
            if specs is None:
                return _standard(cls, frozen=frozen, slots=slots, **options)
            return _build(cls, frozen, specs)

        return wrap if cls is None else wrap(cls)

    def field(
        *,
        default=MISSING,
        default_factory=MISSING,
        init=True,
        repr=True,
        hash=None,
        compare=True,
        metadata=None,
        kw_only=MISSING,
    ):
        """Return what `dataclasses.field(...)` would, for this module's `dataclass`."""
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


class Field:
    """A `field(...)` given as a class attribute: what `dataclasses.Field` holds before the class is made."""

    __slots__ = ("compare", "default", "default_factory", "hash", "init", "kw_only", "metadata", "repr")

    def __init__(
        self,
        default: Any,
        default_factory: Any,
        init: bool,
        repr: bool,
        hash: bool | None,
        compare: bool,
        metadata: Any,
        kw_only: Any,
    ) -> None:
        self.default, self.default_factory, self.init, self.repr = default, default_factory, init, repr
        self.hash, self.compare, self.metadata, self.kw_only = hash, compare, metadata, kw_only

    def standard(self) -> Any:
        """Return the same field made by `dataclasses.field`."""
        import dataclasses

        values: dict[str, Any] = {name: getattr(self, name) for name in self.__slots__}
        make: Any = dataclasses.field
        return make(**{k: dataclasses.MISSING if v is MISSING else v for k, v in values.items()})


class _Spec:
    """One field of a class made here."""

    __slots__ = ("compare", "default", "factory", "hash", "metadata", "name", "repr", "type")

    def __init__(
        self,
        name: str,
        type: str,
        default: Any,
        factory: Any,
        repr: bool,
        hash: bool | None,
        compare: bool,
        metadata: Any,
    ) -> None:
        self.name, self.type, self.default, self.factory = name, type, default, factory
        self.repr, self.hash, self.compare, self.metadata = repr, hash, compare, metadata


class _Factory:
    """The default of a parameter whose field has a `default_factory` (shown as `<factory>`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()
_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__post_init__")
_SPECIAL = ("InitVar", "KW_ONLY", "ClassVar")
_TWIN_FROM = 4
"""`__init__` stores through a mutable twin class from this many fields (fewer: one descriptor call a
field is cheaper than changing the class twice)."""
_NAMES: dict[type, tuple[str, ...]] = {}
"""The field names of every class made here."""


def _standard(cls: Any, **options: Any) -> Any:
    import dataclasses

    for name, value in list(cls.__dict__.items()):
        if isinstance(value, Field):
            setattr(cls, name, value.standard())
    return dataclasses.dataclass(cls, **options)


def _specs(cls: type) -> tuple[_Spec, ...] | None:
    """Return the fields of `cls` when `_build` makes exactly what the standard `dataclass` would,
    else None."""
    own = cls.__dict__
    if not cls.__doc__ or cls.__bases__ != (object,) or "__slots__" in own or "__match_args__" in own:
        return None
    if any(name in own for name in _OWN):
        return None
    standard = sys.modules.get("dataclasses")
    kinds: tuple[type, ...] = (Field, standard.Field) if standard is not None else (Field,)
    missing = standard.MISSING if standard is not None else MISSING
    # The class's own annotations (strings: `from __future__ import annotations`), read without
    # importing `inspect` for `get_annotations`.
    annotations = own.get("__annotations__", {})
    specs = []
    defaulted = False
    for name, annotation in annotations.items():
        if name == "self" or name.startswith("_pd_") or name == "_FACTORY":
            return None  # the names `__init__`'s code uses for itself
        if not isinstance(annotation, str) or any(w in annotation for w in _SPECIAL):
            return None
        value: Any = own.get(name, MISSING)
        if isinstance(value, kinds):
            given: Any = value
            if not given.init or given.kw_only is True:
                return None
            default = MISSING if given.default is missing else given.default
            factory = MISSING if given.default_factory is missing else given.default_factory
            spec = _Spec(
                name, annotation, default, factory, given.repr, given.hash, given.compare, given.metadata
            )
        else:
            spec = _Spec(name, annotation, value, MISSING, True, None, True, None)
        if spec.default is not MISSING and spec.default.__class__.__hash__ is None:
            return None  # a mutable default: the standard decorator refuses it
        if spec.default is not MISSING or spec.factory is not MISSING:
            defaulted = True
        elif defaulted:
            return None  # a field without a default after one with: refused too
        specs.append(spec)
    if any(isinstance(v, kinds) for k, v in own.items() if k not in annotations):
        return None  # a field without an annotation: refused
    return tuple(specs)


def _build(cls: type, frozen: bool, specs: tuple[_Spec, ...]) -> type:
    """Make the class as `dataclass(frozen=frozen, slots=True)` would (the slotted class is a new one).

    The methods are in the namespace the class is made from: each special method set on a class once it
    is made would update the class's slots again."""
    names = tuple(s.name for s in specs)
    namespace = dict(cls.__dict__)
    for name in (*names, "__dict__", "__weakref__"):
        namespace.pop(name, None)
    namespace["__slots__"] = names
    namespace["__match_args__"] = names
    namespace["__qualname__"] = cls.__qualname__
    described = (
        _Introspection(specs, frozen, "__dataclass_fields__"),
        _Introspection(specs, frozen, "__dataclass_params__"),
        _InitOnFirstUse(specs),
    )
    namespace["__dataclass_fields__"], namespace["__dataclass_params__"], namespace["__init__"] = described
    methods = _eq(_getter(tuple(s.name for s in specs if s.compare)))
    shown = tuple(s.name for s in specs if s.repr)
    methods.update(_repr(shown, _getter(shown)))
    bind = None
    if frozen:
        hashed = _getter(tuple(s.name for s in specs if (s.compare if s.hash is None else s.hash)))
        frozen_methods, bind = _frozen(names, hashed)
        methods.update(frozen_methods)
    else:
        methods["__hash__"] = None
    _name_methods(cls.__qualname__, cls.__module__, methods)
    namespace.update(methods)
    made: Any = type(cls)(cls.__name__, cls.__bases__, namespace)
    for descriptor in described:
        descriptor.cls = made
    if bind is not None:
        bind(made)
    _NAMES[made] = names
    return made  # type: ignore[no-any-return]


def _own_names(cls: type) -> tuple[str, ...] | None:
    """The field names of `cls` when it, or the dataclass it inherits from, was made here."""
    for c in cls.__mro__:
        if "__dataclass_fields__" in c.__dict__:
            return _NAMES.get(c)
    return None


def field_names(value: object) -> tuple[str, ...] | None:
    """Return the field names of a dataclass or its instance (as `dataclasses.fields` names them),
    None for anything else; for a class made here, without importing `dataclasses`."""
    names = _own_names(value if isinstance(value, type) else type(value))
    if names is not None:
        return names
    standard = sys.modules.get("dataclasses")
    if standard is None or not standard.is_dataclass(value):
        return None
    return tuple(f.name for f in standard.fields(value))


def replace(value: _T, /, **changes: Any) -> _T:
    """Return `dataclasses.replace(value, **changes)`; for a class made here, without importing it."""
    names = None if isinstance(value, type) else _own_names(type(value))
    if names is None:
        import dataclasses

        return dataclasses.replace(value, **changes)  # type: ignore[type-var]
    return value.__class__(**{**{name: getattr(value, name) for name in names}, **changes})


class _Introspection:
    """`__dataclass_fields__` or `__dataclass_params__` of a class made here, made by the standard
    decorator on a twin class when first asked for (by `dataclasses.fields`, `replace`, `asdict` …)."""

    cls: type
    """The class this belongs to (set once it is made)."""

    def __init__(self, specs: tuple[_Spec, ...], frozen: bool, name: str) -> None:
        self.specs, self.frozen, self.name = specs, frozen, name

    def __get__(self, instance: object, owner: type) -> Any:
        cls: Any = self.cls
        value = cls.__dict__[self.name]
        if value is self:
            import dataclasses

            def std(v: Any) -> Any:
                return dataclasses.MISSING if v is MISSING else v

            namespace: dict[str, Any] = {
                "__annotations__": {s.name: s.type for s in self.specs},
                "__module__": cls.__module__,
                "__qualname__": cls.__qualname__,
                "__doc__": cls.__doc__,
            }
            for s in self.specs:
                namespace[s.name] = dataclasses.field(
                    default=std(s.default),
                    default_factory=std(s.factory),
                    repr=s.repr,
                    hash=s.hash,
                    compare=s.compare,
                    metadata=s.metadata,
                )
            twin: Any = dataclasses.dataclass(frozen=self.frozen, slots=True)(
                type(cls.__name__, (), namespace)
            )
            cls.__dataclass_fields__ = twin.__dataclass_fields__
            cls.__dataclass_params__ = twin.__dataclass_params__
            value = cls.__dict__[self.name]
        return value


def _getter(names: tuple[str, ...]) -> Key:
    """Return a function from an instance to the tuple of the named attributes."""
    if len(names) >= 2:
        return attrgetter(*names)
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return lambda self: ()


def _name_methods(qualname: str, module: str, methods: dict[str, object]) -> None:
    """Name the methods of the class `qualname` of `module` as methods written in its body are named."""
    for name, method in methods.items():
        if callable(method):
            method.__qualname__ = f"{qualname}.{name}"  # type: ignore[attr-defined]
            method.__module__ = module


class _InitOnFirstUse:
    """`__init__` compiled when first looked up (a class's first instance, or `inspect.signature`):
    compiling it is half the cost of making a class, and a run uses few of the classes it imports.
    The lookup replaces this with the compiled function on the class, so the next one finds it."""

    cls: type
    """The class this belongs to (set once it is made)."""

    def __init__(self, specs: tuple[_Spec, ...]) -> None:
        self.specs = specs

    def __get__(self, instance: object, owner: type) -> Any:
        # `owner` may be a subclass: the function belongs to the class this was made for.
        cls = self.cls
        init = cls.__dict__["__init__"]
        if init is self:
            init = _init(cls, self.specs)
            _name_methods(cls.__qualname__, cls.__module__, {"__init__": init})
            cls.__init__ = init  # type: ignore[misc]
        return init.__get__(instance, owner)


_TEMPLATES: dict[tuple[int, tuple[int, ...]], CodeType] = {}
"""The compiled `__init__` of each shape (number of fields, which of them have a factory), written for the
fields `_pd_f0`, `_pd_f1` …: a class's own `__init__` is a copy with its field names put in."""


def _init(cls: type, specs: tuple[_Spec, ...]) -> Any:
    """Make `__init__`. An instance of `cls` itself is given a mutable twin class with the same
    slots while its fields are stored (`self.x = x`, the fastest store there is), then its class back;
    an instance of a subclass has each field stored through its slot's descriptor.

    The code is compiled once for each shape of class (`_template`) and copied with the class's field
    names (`CodeType.replace`), so a run compiles a dozen functions, not one for every class it uses."""
    factories = tuple(i for i, s in enumerate(specs) if s.factory is not MISSING)
    shape = (len(specs), factories)
    template = _TEMPLATES.get(shape)
    if template is None:
        template = _TEMPLATES[shape] = _template(*shape)
    names = {f"_pd_f{i}": s.name for i, s in enumerate(specs)}
    code = template.replace(
        co_varnames=tuple(names.get(n, n) for n in template.co_varnames),
        co_names=tuple(names.get(n, n) for n in template.co_names),
    )
    namespace: dict[str, object] = {"_FACTORY": _FACTORY, "__name__": cls.__module__}
    defaults = []
    for i, s in enumerate(specs):
        namespace[f"_pd_set_{i}"] = cls.__dict__[s.name].__set__
        if s.factory is not MISSING:
            namespace[f"_pd_factory_{i}"] = s.factory
            defaults.append(_FACTORY)
        elif s.default is not MISSING:
            defaults.append(s.default)
    if len(specs) >= _TWIN_FROM:
        namespace["_pd_cls"] = cls
        namespace["_pd_type"] = type
        namespace["_pd_set_class"] = object.__dict__["__class__"].__set__
        namespace["_pd_open"] = type(
            cls.__name__, cls.__bases__, {"__slots__": tuple(names.values()), "__module__": cls.__module__}
        )
    init: Any = FunctionType(code, namespace, "__init__", tuple(defaults) or None)
    init.__annotations__ = {**{s.name: s.type for s in specs}, "return": None}
    return init


def _template(count: int, factories: tuple[int, ...]) -> CodeType:
    """Compile `__init__` for `count` fields named `_pd_f0` … (those at `factories` made by
    `_pd_factory_N()` when not given); the stores through the slots' descriptors are `_pd_set_N`."""
    fields = [f"_pd_f{i}" for i in range(count)]
    lines = [f"def __init__(self, {', '.join(fields)}):"]
    lines += [f"    if {fields[i]} is _FACTORY:\n        {fields[i]} = _pd_factory_{i}()" for i in factories]
    if count >= _TWIN_FROM:
        lines += [
            "    if _pd_type(self) is _pd_cls:",
            "        _pd_set_class(self, _pd_open)",
            *(f"        self.{name} = {name}" for name in fields),
            "        self.__class__ = _pd_cls",
            "        return",
        ]
    lines += [f"    _pd_set_{i}(self, {name})" for i, name in enumerate(fields)] or ["    pass"]
    namespace: dict[str, Any] = {}
    exec("\n".join(lines) + "\n", namespace)  # the source is made above from the count only
    code: CodeType = namespace["__init__"].__code__
    return code


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


def _frozen(fields: tuple[str, ...], hashed: Key) -> tuple[dict[str, object], Callable[[type], None]]:
    """Return the methods of a frozen class, and the function that tells them the class once it is made."""
    names = frozenset(fields)
    cls: Any = None

    def bind(made: type) -> None:
        nonlocal cls
        cls = made

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in fields]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(fields, state, strict=False):
            object.__setattr__(self, name, value)

    methods: dict[str, object] = {
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
        "__hash__": __hash__,
        "__getstate__": __getstate__,
        "__setstate__": __setstate__,
    }
    return methods, bind
