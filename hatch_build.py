"""Hatchling build hook: compile the scanner's optional C loop (belharbi_bib/bibtex/_scan.c).

With a C compiler and Python's headers, wheels get the compiled module (and a platform tag)
and editable installs get it built in place (git-ignored). Without them, or when compiling
fails for any reason, a warning is printed and the wheel is pure Python: the scanner then
reads with its own pure-Python path, which gives the same result (docs/architecture.md).
Set ``BELHARBI_BIB_NO_COMPILE=1`` to build the pure wheel on purpose.
"""

from __future__ import annotations

import os
import shutil
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "belharbi_bib.bibtex._scan"
SOURCE = Path("belharbi_bib", "bibtex", "_scan.c")
DEPENDS = [Path("belharbi_bib", "bibtex", "_scan_kind.h")]
NO_COMPILE = "BELHARBI_BIB_NO_COMPILE"


def compile_extension(root: Path, build_dir: Path) -> tuple[Path | None, str]:
    """Compile the extension under ``build_dir``; return its path, or None and why not."""
    if os.environ.get(NO_COMPILE) == "1":
        return None, f"{NO_COMPILE}=1"
    headers = Path(sysconfig.get_paths()["include"], "Python.h")
    if not headers.exists():
        return None, f"Python's headers are missing ({headers})"
    try:
        # setuptools knows each platform's compiler and flags (a build requirement).
        from setuptools import Distribution, Extension  # noqa: PLC0415
        from setuptools.command.build_ext import build_ext  # noqa: PLC0415

        extension = Extension(
            MODULE,
            [str(SOURCE)],
            depends=[str(path) for path in DEPENDS],
            optional=False,
        )
        distribution = Distribution({"name": "belharbi-bib-scan", "ext_modules": [extension]})
        command = build_ext(distribution)
        command.build_lib = str(build_dir / "lib")
        command.build_temp = str(build_dir / "temp")
        command.ensure_finalized()
        here = os.getcwd()
        os.chdir(root)
        try:
            command.run()
        finally:
            os.chdir(here)
        built = Path(command.get_ext_fullpath(MODULE))
        if not built.is_absolute():
            built = root / built
    except Exception as error:  # any failure means: build the pure wheel
        return None, f"{type(error).__name__}: {error}"
    if not built.exists():
        return None, f"the compiler produced no {built.name}"
    return built, ""


class CustomBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Add the compiled scanner loop to wheels (or build it in place for editable installs)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile when possible; never fail the build."""
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        self.scratch = tempfile.mkdtemp(prefix="belharbi-bib-build-")
        built, why = compile_extension(root, Path(self.scratch))
        if built is None:
            message = (
                f"belharbi-bib: the optional C scanner loop was not built ({why}); "
                "installing the pure-Python reader (same results, slower)"
            )
            self.app.display_warning(message)
            if version == "editable":  # a module built earlier would not match the source
                for stale in (root / SOURCE).parent.glob("_scan.*"):
                    if stale.suffix in (".so", ".pyd"):
                        stale.unlink()
            return
        relative = Path(*MODULE.split(".")).parent / built.name
        if version == "editable":
            # Editable installs import from the source tree: build in place (git-ignored).
            shutil.copy2(built, root / relative)
            return
        build_data["force_include"][str(built)] = relative.as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the compiler's scratch directory."""
        scratch = getattr(self, "scratch", None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
