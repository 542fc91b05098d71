"""``belharbi_bib.structs`` behaves as :mod:`dataclasses`, shape by shape (differential tests)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import check_golden
from hypothesis import given
from hypothesis import strategies as st

from belharbi_bib import structs

Maker = Callable[..., Any]


def _shapes(dataclass: Maker, field: Maker) -> dict[str, type]:
    """The class shapes the package uses, made with one implementation."""

    @dataclass(frozen=True, slots=True)
    class Frozen:
        x: int
        y: str = "a"
        tags: tuple[int, ...] = ()
        extra: list[int] = field(default_factory=list, compare=False, repr=False)
        kind: ClassVar[str] = "frozen"

    @dataclass
    class Mutable:
        x: int
        y: str = "a"
        items: dict[str, int] = field(default_factory=dict)

    @dataclass(slots=True)
    class MutableSlots:
        x: int
        y: list[int] = field(default_factory=list)

    @dataclass(frozen=True)
    class FrozenDict:
        x: int
        y: str = field(default="b")

    @dataclass(frozen=True, slots=True)
    class Cached:
        x: int
        _index: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)

        def index(self) -> dict[str, int]:
            if self._index is None:
                object.__setattr__(self, "_index", {"x": self.x})
            assert self._index is not None
            return self._index

    @dataclass(frozen=True)
    class Checked:
        x: int
        doubled: int = field(init=False)

        def __post_init__(self) -> None:
            if self.x < 0:
                raise ValueError("negative")
            object.__setattr__(self, "doubled", 2 * self.x)

    @dataclass(frozen=True, slots=True)
    class Base:
        x: int
        y: str = "a"

    @dataclass(frozen=True, slots=True)
    class Child(Base):
        z: int = 0

    @dataclass(frozen=True, slots=True, init=False)
    class OwnInit:
        x: int

        def __init__(self, text: str) -> None:
            object.__setattr__(self, "x", len(text))

    @dataclass(frozen=True)
    class OwnMethods:
        x: int

        def __repr__(self) -> str:
            return f"<{self.x}>"

        def __hash__(self) -> int:
            return 7

    return {shape.__name__: shape for shape in (Frozen, Mutable, MutableSlots, FrozenDict,
                                                Cached, Checked, Base, Child, OwnInit,
                                                OwnMethods)}  # fmt: skip


OURS = _shapes(structs.dataclass, structs.field)
THEIRS = _shapes(dataclasses.dataclass, dataclasses.field)


@structs.dataclass(frozen=True, slots=True)
class Picklable:
    """Module-level, so that pickle finds it."""

    x: int
    y: tuple[str, ...] = ()


ARGS: dict[str, tuple[tuple[object, ...], dict[str, object]]] = {
    "Frozen": ((1,), {"y": "b", "tags": (1, 2)}),
    "Mutable": ((1,), {}),
    "MutableSlots": ((1,), {"y": [3]}),
    "FrozenDict": ((2,), {}),
    "Cached": ((3,), {}),
    "Checked": ((4,), {}),
    "Base": ((1, "q"), {}),
    "Child": ((1,), {"z": 5}),
    "OwnInit": (("abc",), {}),
    "OwnMethods": ((1,), {}),
}


def _pair(name: str) -> tuple[Any, Any]:
    args, kwargs = ARGS[name]
    return OURS[name](*args, **kwargs), THEIRS[name](*args, **kwargs)


@pytest.mark.parametrize("name", sorted(ARGS))
def test_instances_look_and_compare_the_same(name: str) -> None:
    ours, theirs = _pair(name)
    assert repr(ours) == repr(theirs)
    assert [f.name for f in structs.fields(ours)] == [f.name for f in dataclasses.fields(theirs)]
    assert [getattr(ours, f.name, None) for f in structs.fields(ours)] == [
        getattr(theirs, f.name, None) for f in dataclasses.fields(theirs)
    ]
    again, _ = _pair(name)
    assert (ours == again) == (theirs == _pair(name)[1])
    assert ours != object()
    assert (type(ours).__hash__ is None) == (type(theirs).__hash__ is None)
    if type(ours).__hash__ is not None:
        assert hash(ours) == hash(theirs)  # the same tuple of the compared fields
    assert type(ours).__match_args__ == type(theirs).__match_args__
    assert hasattr(type(ours), "__slots__") == hasattr(type(theirs), "__slots__")
    assert type(ours).__qualname__ == type(theirs).__qualname__


@pytest.mark.parametrize("name", ["Frozen", "FrozenDict", "Cached", "Checked", "Child"])
def test_frozen_instances_refuse_assignment_and_deletion(name: str) -> None:
    for instance in _pair(name):
        with pytest.raises(AttributeError, match="cannot assign to field 'x'"):
            instance.x = 9
        with pytest.raises(AttributeError, match="cannot delete field 'x'"):
            del instance.x
    with pytest.raises(structs.FrozenInstanceError):
        _pair(name)[0].x = 9


@pytest.mark.parametrize("name", ["Mutable", "MutableSlots"])
def test_mutable_instances_assign(name: str) -> None:
    ours, theirs = _pair(name)
    ours.x = theirs.x = 5
    assert repr(ours) == repr(theirs)


def test_slots_refuse_unknown_attributes_as_dataclasses_do() -> None:
    for instance in (*_pair("MutableSlots"),):
        with pytest.raises(AttributeError):
            instance.unknown = 1


def test_replace_fields_and_asdict_agree() -> None:
    ours, theirs = _pair("Frozen")
    assert repr(structs.replace(ours, y="z")) == repr(dataclasses.replace(theirs, y="z"))
    ours, theirs = _pair("Checked")
    assert structs.replace(ours, x=7).doubled == dataclasses.replace(theirs, x=7).doubled == 14
    with pytest.raises(ValueError, match="init=False"):
        structs.replace(ours, doubled=1)
    ours, theirs = _pair("Child")
    assert structs.asdict(ours) == dataclasses.asdict(theirs) == {"x": 1, "y": "a", "z": 5}
    defaults = [(f.name, f.default) for f in structs.fields(OURS["Frozen"])]
    assert defaults[1:3] == [(f.name, f.default) for f in dataclasses.fields(THEIRS["Frozen"])][1:3]
    assert defaults[0][1] is structs.MISSING
    assert [f.type for f in structs.fields(OURS["Base"])] == ["int", "str"]
    with pytest.raises(TypeError):
        structs.fields(object())  # type: ignore[arg-type]


def test_defaults_factories_post_init_and_lazy_fields() -> None:
    first, second = OURS["Frozen"](1), OURS["Frozen"](1)
    assert first.extra == []
    assert first.extra is not second.extra
    assert OURS["Cached"](3).index() == THEIRS["Cached"](3).index() == {"x": 3}
    with pytest.raises(ValueError, match="negative"):
        OURS["Checked"](-1)
    with pytest.raises(TypeError):
        OURS["Frozen"]()  # x is required
    assert OURS["OwnMethods"](1) != OURS["OwnMethods"](2)
    assert hash(OURS["OwnMethods"](1)) == 7


def test_pickle_and_copy_keep_frozen_slotted_instances() -> None:
    value = Picklable(3, ("a",))
    assert pickle.loads(pickle.dumps(value)) == value
    assert copy.copy(value) == value
    assert copy.deepcopy(value) == value


@given(st.integers(), st.text(), st.lists(st.integers(), max_size=3).map(tuple))
def test_equality_and_hash_agree_on_any_values(x: int, y: str, tags: tuple[int, ...]) -> None:
    ours = OURS["Frozen"](x, y, tags)
    theirs = THEIRS["Frozen"](x, y, tags)
    assert repr(ours) == repr(theirs)
    assert hash(ours) == hash(theirs)
    assert ours == OURS["Frozen"](x, y, tags, [1])
    assert ours != OURS["Frozen"](x, y + "!", tags)


def test_the_package_never_imports_dataclasses() -> None:
    """The core's start-up: no ``dataclasses`` (nor ``inspect``) for the model and normalize."""
    code = (
        "import sys\nimport belharbi_bib.cli.commands.normalize, belharbi_bib.model\n"
        "print('dataclasses' in sys.modules, 'inspect' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_standard_functions_accept_the_package_classes() -> None:
    """Scripts that call ``dataclasses`` on the model keep working."""
    from belharbi_bib.model import Field, Record

    record = Record("k", "misc", (Field.of("title", "T"),))
    assert dataclasses.is_dataclass(record)
    assert dataclasses.replace(record, key="j") == structs.replace(record, key="j")
    assert [f.name for f in dataclasses.fields(Record)] == [f.name for f in structs.fields(Record)]
    child, base = OURS["Child"](1, "b", 2), OURS["Base"](1, "b")
    assert dataclasses.asdict(child) == {"x": 1, "y": "b", "z": 2}
    assert dataclasses.asdict(base) == {"x": 1, "y": "b"}
    assert dataclasses.replace(OURS["Frozen"](1), y="q").extra == []
    with pytest.raises(ValueError, match="init=False"):
        dataclasses.replace(OURS["Checked"](1), doubled=3)


def test_classes_of_one_shape_share_code_but_not_names_or_defaults() -> None:
    @structs.dataclass(frozen=True, slots=True)
    class One:
        a: int
        b: str = "one"
        c: list[int] = structs.field(default_factory=list)

    @structs.dataclass(frozen=True, slots=True)
    class Two:
        left: int
        right: str = "two"
        more: dict[str, int] = structs.field(default_factory=dict)

    assert One.__init__.__code__.co_code == Two.__init__.__code__.co_code
    assert One(1) == One(1, "one", [])
    assert Two(2) == Two(left=2, right="two", more={})
    assert repr(Two(3, more={"k": 1})).endswith("Two(left=3, right='two', more={'k': 1})")
    assert One.__init__.__code__.co_varnames[:4] == ("self", "a", "b", "c")
    with pytest.raises(TypeError, match="'left'"):
        Two()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'a'"):
        Two(a=1)  # type: ignore[call-arg]


_PACKAGE_SHAPES = (
    "import importlib, pkgutil, sys\n"
    "import belharbi_bib._shapes\n"
    "belharbi_bib._shapes.SHAPES.clear()  # every shape compiled, so that all are seen\n"
    "import belharbi_bib\n"
    "from belharbi_bib import structs\n"
    "for module in pkgutil.walk_packages(belharbi_bib.__path__, 'belharbi_bib.'):\n"
    "    importlib.import_module(module.name)\n"
    "sys.stdout.write(structs.shapes_module(structs._SHAPES))\n"
)
"""Prints what ``belharbi_bib/_shapes.py`` is to hold: the shapes of every class of the package."""


def test_the_compiled_shapes_are_those_of_the_package() -> None:
    """``_shapes.py`` holds every shape of the package's classes and no other, so that no
    class of the package compiles its ``__init__`` when it is made (start-up)."""
    done = subprocess.run(
        [sys.executable, "-c", _PACKAGE_SHAPES], capture_output=True, text=True, check=True
    )
    check_golden(Path(structs.__file__).with_name("_shapes.py"), done.stdout)


def test_each_compiled_shape_is_its_source_compiled() -> None:
    from belharbi_bib._shapes import SHAPES

    assert SHAPES
    for source, code in SHAPES.items():
        module = compile(source, "<structs __init__>", "exec", dont_inherit=True)
        fresh = next(c for c in module.co_consts if isinstance(c, type(code)))
        for attribute in (
            "co_code", "co_consts", "co_names", "co_varnames", "co_argcount",
            "co_kwonlyargcount", "co_posonlyargcount", "co_flags", "co_name", "co_stacksize",
        ):  # fmt: skip
            assert getattr(code, attribute) == getattr(fresh, attribute), (source, attribute)


def test_the_package_classes_compile_nothing_when_made() -> None:
    code = (
        "import belharbi_bib.cli.commands.normalize, belharbi_bib.model\n"
        "from belharbi_bib import structs\n"
        "print(len(structs._SHAPES))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0"]


def test_a_shape_the_package_lacks_is_compiled_once() -> None:
    @structs.dataclass(frozen=True, slots=True)
    class Odd:
        a: int
        b: int
        c: int
        d: int
        e: int
        f: int
        g: int
        h: int
        i: int
        j: int
        k: int
        m: int
        n: int
        o: int = 0

    @structs.dataclass(frozen=True, slots=True)
    class Odd2:
        p: int
        q: int
        r: int
        s: int
        t: int
        u: int
        v: int
        w: int
        x: int
        y: int
        z: int
        aa: int
        bb: int
        cc: int = 0

    assert Odd.__init__.__code__.co_filename == "<structs __init__>"
    assert Odd.__init__.__code__.co_code == Odd2.__init__.__code__.co_code
    assert Odd(*range(13)).o == 0
    assert Odd2(*range(14)).cc == 13
