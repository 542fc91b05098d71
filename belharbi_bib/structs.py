"""Light data classes: the part of :mod:`dataclasses` the package uses, without its start-up.

``import dataclasses`` loads :mod:`inspect` (and through it ``ast``, ``dis``, ``tokenize``,
``linecache``...), and each class it makes compiles five or six methods one by one: about
14 ms, then about half a millisecond a class, on the benchmark machine, which came to nearly
half of the ``normalize`` command's start-up (an interpreter alone takes 11 ms). This module
makes the same classes with built-ins only, compiling each class's ``__init__`` alone and
making its other methods as closures over the field names. The ``__init__`` of the package's
own classes come compiled, with its bytecode: :mod:`belharbi_bib._shapes` holds each of their
shapes, so that making them compiles nothing at start-up.

What it supports is what the package uses, with the standard library's semantics:
``dataclass(init=, repr=, eq=, frozen=, slots=)``; fields from the class's own annotations
after those of its data-class bases (``ClassVar`` annotations are not fields); defaults,
``field(default=, default_factory=, init=, repr=, compare=)``; ``__post_init__``; the
generated ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` (frozen and eq; ``None`` for a
mutable class with eq), ``__setattr__``/``__delattr__`` raising :class:`FrozenInstanceError`,
``__match_args__``, ``__slots__`` (with ``__getstate__``/``__setstate__``, so that frozen
slotted instances pickle and copy); :func:`fields`, :func:`replace` and :func:`asdict`. A method
the class body defines is never replaced. Annotations are read as written (every module uses
``from __future__ import annotations``), never evaluated.

The standard library's functions accept these classes too (``__dataclass_fields__`` is made
on first use, importing :mod:`dataclasses` then). Type checkers see :mod:`dataclasses` itself
(the names are re-exported under ``TYPE_CHECKING``): mypy checks each class as the data class
it behaves as. ``tests/test_structs.py`` compares the two, class shape by class shape.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from dataclasses import MISSING as MISSING
    from dataclasses import FrozenInstanceError as FrozenInstanceError
    from dataclasses import asdict as asdict
    from dataclasses import dataclass as dataclass
    from dataclasses import field as field
    from dataclasses import fields as fields
    from dataclasses import replace as replace

    def shapes_module(sources: Iterable[str]) -> str:
        """Return the text of :mod:`belharbi_bib._shapes` holding the shapes ``sources``."""
        ...

else:
    import sys
    from operator import attrgetter

    from belharbi_bib._shapes import SHAPES as _COMPILED

    __all__ = [
        "MISSING",
        "FrozenInstanceError",
        "asdict",
        "dataclass",
        "field",
        "fields",
        "replace",
        "shapes_module",
    ]

    _FIELDS = "__struct_fields__"
    """The class attribute holding a class's fields, in order (inherited ones first)."""

    class _Missing:
        """The marker of an absent default."""

        __slots__ = ()

        def __repr__(self) -> str:
            return "MISSING"

    MISSING = _Missing()

    class FrozenInstanceError(AttributeError):
        """An assignment to, or deletion of, a field of a frozen instance."""

    class Field:
        """One field of a data class (what :func:`fields` returns)."""

        __slots__ = ("compare", "default", "default_factory", "init", "name", "repr", "type")

        def __init__(self, default, default_factory, init, repr, compare):
            if default is not MISSING and default_factory is not MISSING:
                raise ValueError("cannot specify both default and default_factory")
            self.name = ""
            self.type = None  # the annotation, as written
            self.default = default
            self.default_factory = default_factory
            self.init = init
            self.repr = repr
            self.compare = compare

        def __repr__(self) -> str:
            return f"Field(name={self.name!r}, default={self.default!r})"

    def field(
        *,
        default=MISSING,
        default_factory=MISSING,
        init=True,
        repr=True,
        compare=True,
    ):
        """Describe a field beyond its default (as :func:`dataclasses.field`)."""
        return Field(default, default_factory, init, repr, compare)

    def dataclass(cls=None, /, *, init=True, repr=True, eq=True, frozen=False, slots=False):
        """Make ``cls`` a data class (as :func:`dataclasses.dataclass`, for the options above)."""

        def wrap(cls):
            return _process(cls, init, repr, eq, frozen, slots)

        return wrap if cls is None else wrap(cls)

    def fields(class_or_instance):
        """Return the fields of a data class or instance, in order."""
        try:
            return getattr(class_or_instance, _FIELDS)
        except AttributeError:
            raise TypeError("must be called with a dataclass type or instance") from None

    def replace(obj, /, **changes):
        """Return a copy of ``obj`` with ``changes`` (as :func:`dataclasses.replace`)."""
        for item in getattr(obj, _FIELDS):
            if not item.init:
                if item.name in changes:
                    raise ValueError(f"field {item.name} is declared with init=False")
            elif item.name not in changes:
                changes[item.name] = getattr(obj, item.name)
        return obj.__class__(**changes)

    def asdict(obj):
        """Return the fields of ``obj`` as a dict, data classes, lists, tuples and dicts in it too.

        Unlike :func:`dataclasses.asdict`, other values are not deep-copied.
        """
        if not hasattr(obj.__class__, _FIELDS):
            raise TypeError("asdict() should be called on dataclass instances")
        return _as_dict(obj)

    def _as_dict(value):
        if hasattr(value.__class__, _FIELDS):
            return {item.name: _as_dict(getattr(value, item.name)) for item in fields(value)}
        if isinstance(value, (list, tuple)):
            items = [_as_dict(item) for item in value]
            if hasattr(value, "_fields"):  # a named tuple
                return value.__class__(*items)
            return value.__class__(items)
        if isinstance(value, dict):
            return value.__class__((_as_dict(k), _as_dict(v)) for k, v in value.items())
        return value

    def _is_class_var(annotation):
        if isinstance(annotation, str):
            return annotation.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
        typing = sys.modules.get("typing")
        return typing is not None and (
            annotation is typing.ClassVar
            or getattr(annotation, "__origin__", None) is typing.ClassVar
        )

    def _collect(cls):
        """Return the fields of ``cls`` (bases' first) and the names it declares itself."""
        found = {}
        for base in cls.__mro__[-1:0:-1]:
            for item in base.__dict__.get(_FIELDS, ()):
                found[item.name] = item
        own = []
        # The class's own annotations, as written (inspect.get_annotations: the import to avoid).
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        for name, annotation in annotations.items():
            if _is_class_var(annotation):
                continue
            default = cls.__dict__.get(name, MISSING)
            if isinstance(default, Field):
                item = default
            else:
                item = Field(default, MISSING, True, True, True)
            item.name = name
            item.type = annotation
            found[name] = item
            own.append(name)
        return tuple(found.values()), own

    def _process(cls, init, repr_, eq, frozen, slots):
        items, own = _collect(cls)
        body = cls.__dict__
        if slots:
            cls = _slotted(cls, items, own, frozen)
        else:
            for name in own:
                default = body.get(name, MISSING)
                if isinstance(default, Field):
                    if default.default is MISSING:
                        delattr(cls, name)
                    else:
                        setattr(cls, name, default.default)
        setattr(cls, _FIELDS, items)
        cls.__dataclass_fields__ = _STANDARD_FIELDS
        methods = {}
        if init and "__init__" not in body:
            methods["__init__"] = _init(cls, items, frozen)
        if repr_ and "__repr__" not in body:
            methods["__repr__"] = _repr(tuple(item.name for item in items if item.repr))
        compared = _getter(tuple(item.name for item in items if item.compare))
        if eq and "__eq__" not in body:
            methods["__eq__"] = _eq(compared)
        explicit_hash = "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body)
        if eq and frozen and not explicit_hash:
            methods["__hash__"] = _hash(compared)
        if frozen:
            methods.update(_frozen(cls, frozenset(item.name for item in items)))
        for name, method in methods.items():
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            method.__module__ = cls.__module__
            setattr(cls, name, method)
        if eq and not frozen and not explicit_hash:
            cls.__hash__ = None
        if "__match_args__" not in body:
            cls.__match_args__ = tuple(item.name for item in items if item.init)
        return cls

    # Only ``__init__`` is compiled (its speed matters, and one small function compiles fast);
    # the other methods are closures over a class's field names.

    def _getter(names):
        """Return the function giving an instance's ``names`` as a tuple (what eq and hash use)."""
        if len(names) > 1:
            return attrgetter(*names)
        if names:
            get = attrgetter(names[0])
            return lambda self: (get(self),)
        return lambda self: ()

    def _repr(names):
        def __repr__(self):
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
            return f"{self.__class__.__qualname__}({shown})"

        return __repr__

    def _eq(values):
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return values(self) == values(other)
            return NotImplemented

        return __eq__

    def _hash(values):
        def __hash__(self):
            return hash(values(self))

        return __hash__

    def _frozen(cls, names):
        def __setattr__(self, name, value):
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)

        def __delattr__(self, name):
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)

        return {"__setattr__": __setattr__, "__delattr__": __delattr__}

    def _init(cls, items, frozen):
        """Return the class's ``__init__``: compiled code, shared by the classes of one shape.

        The code is compiled from a source whose names are placeholders (``n0``, ``n1``...):
        classes whose fields have the same kinds in the same order share it, given their own
        names with ``code.replace`` (a few microseconds, where a compile takes about 0.1 ms).
        Defaults are the function's, factories its globals.
        """
        names = {"MISSING": MISSING}
        params = ["self"]
        body = []
        defaults = []
        renamed = {}
        for index, item in enumerate(items):
            name = f"n{index}"
            renamed[name] = item.name
            value = name
            if item.default_factory is not MISSING:
                names[f"_f{index}"] = item.default_factory
                if item.init:
                    params.append(f"{name}=None")
                    defaults.append(MISSING)
                    value = f"_f{index}() if {name} is MISSING else {name}"
                else:
                    value = f"_f{index}()"
            elif item.default is not MISSING:
                if item.init:
                    params.append(f"{name}=None")
                    defaults.append(item.default)
                else:
                    names[f"_d{index}"] = item.default
                    value = f"_d{index}"
            elif item.init:
                params.append(name)
            else:
                continue  # neither in the signature nor given a value (as dataclasses)
            if frozen:
                body.append(f"    _set(self, {name!r}, {value})")
            else:
                body.append(f"    self.{name} = {value}")
        if frozen:
            names["_set"] = object.__setattr__
        if hasattr(cls, "__post_init__"):
            body.append("    self.__post_init__()")
        source = "\n".join([f"def __init__({', '.join(params)}):", *(body or ["    pass"])])
        shape = _SHAPES.get(source)
        if shape is None:
            shape = _COMPILED.get(source)
        if shape is None:
            module = compile(source, "<structs __init__>", "exec", dont_inherit=True)
            shape = _SHAPES[source] = next(c for c in module.co_consts if c.__class__ is _CODE)
        code = shape.replace(
            co_varnames=tuple(renamed.get(n, n) for n in shape.co_varnames),
            co_names=tuple(renamed.get(n, n) for n in shape.co_names),
            co_consts=tuple(
                renamed.get(c, c) if c.__class__ is str else c for c in shape.co_consts
            ),
        )
        return _FUNCTION(code, names, "__init__", tuple(defaults) or None)

    _CODE = _init.__code__.__class__
    _FUNCTION = _init.__class__
    _SHAPES = {}  # the source of an __init__ with placeholder names -> its compiled code
    # _COMPILED: the shapes of the package's own classes, compiled with the package's bytecode
    # (belharbi_bib._shapes, a module written from them and loaded as any other). About 20
    # compiles ran at every start before, each costing about what loading a module costs.

    def shapes_module(sources):
        """Return the text of :mod:`belharbi_bib._shapes` holding the shapes ``sources``.

        Each source is an ``__init__`` as :func:`_init` writes it; the module defines each in
        turn and files its code under its source, in sorted order (the same text for the same
        shapes). ``tests/test_structs.py`` checks that the file is this text for the shapes
        of the package's classes (``BELHARBI_BIB_UPDATE_GOLDEN=1`` writes it again).
        """
        lines = [
            '"""The compiled ``__init__`` of each shape of the package\'s data classes.',
            "",
            "Written by :func:`belharbi_bib.structs.shapes_module` from the shapes of the classes",
            "the package defines (``BELHARBI_BIB_UPDATE_GOLDEN=1 pytest tests/test_structs.py``",
            "writes it again); do not edit. A shape not here is compiled when its class is made.",
            '"""',
            "",
            "# ruff: noqa",
            "# mypy: ignore-errors",
            "# pylint: skip-file",
            "# fmt: off",
            "",
            "SHAPES = {}",
        ]
        for source in sorted(set(sources)):
            lines += ["", source, f"SHAPES[{source!r}] = __init__.__code__"]
        lines.append("")
        return "\n".join(lines)

    def _slotted(cls, items, own, frozen):
        """Return ``cls`` made again with ``__slots__`` for its own fields (as dataclasses does)."""
        body = dict(cls.__dict__)
        inherited = set()
        for base in cls.__mro__[1:-1]:
            inherited.update(base.__dict__.get("__slots__", ()))
        slots = tuple(item.name for item in items if item.name not in inherited)
        for name in (*own, "__dict__", "__weakref__"):
            body.pop(name, None)
        body["__slots__"] = slots
        made = type(cls)(cls.__name__, cls.__bases__, body)
        made.__qualname__ = cls.__qualname__
        if frozen:  # the default state of a slotted instance is restored by setattr
            if "__getstate__" not in body:
                made.__getstate__ = _getstate
            if "__setstate__" not in body:
                made.__setstate__ = _setstate
        return made

    class _StandardFields:
        """A class's ``__dataclass_fields__``, made from its fields when first asked for.

        So that the standard library's ``dataclasses.fields``, ``replace``, ``asdict`` and
        ``is_dataclass`` accept the package's classes (scripts written when they were made by
        ``dataclasses``), importing ``dataclasses`` only then.
        """

        __slots__ = ()

        def __get__(self, instance, owner):
            import dataclasses

            made = {}
            for item in getattr(owner, _FIELDS):
                options = {"init": item.init, "repr": item.repr, "compare": item.compare}
                if item.default is not MISSING:
                    options["default"] = item.default
                if item.default_factory is not MISSING:
                    options["default_factory"] = item.default_factory
                standard = dataclasses.field(**options)
                standard.name, standard.type = item.name, item.type
                standard._field_type = dataclasses._FIELD  # what fields() and replace() test
                made[item.name] = standard
            type.__setattr__(owner, "__dataclass_fields__", made)
            return made

    _STANDARD_FIELDS = _StandardFields()

    def _getstate(self):
        return [getattr(self, item.name) for item in fields(self)]

    def _setstate(self, state):
        for item, value in zip(fields(self), state, strict=True):
            object.__setattr__(self, item.name, value)
