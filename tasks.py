#!/usr/bin/env python3
"""Set everything up and run the app or the tests: the README's two commands, and a few more.

    python3 tasks.py app              # create .venv, install, launch the app on the demo project
    python3 tasks.py test             # create .venv, install with test tools, run the suite
    python3 tasks.py install-desktop  # add the app, its icon and the .mutual file type to this
                                      # user's desktop menu (Linux, no root needed)
    python3 tasks.py bundle           # build the one-folder app in dist/ and smoke-test it
    python3 tasks.py dist-check       # sdist -> wheel -> clean venv: templates, demo, report, window
    python3 tasks.py lowest           # the suite against the lowest allowed dependency versions
    python3 tasks.py icons            # render the app icon's PNG, .ico and .icns from its SVG

Only the standard library is used here, so it runs on a fresh machine with Python 3.11 and pip.
The virtual environment lives in `.venv/` beside this file and is reused; it is refreshed when
`pyproject.toml` changes. A new environment is built in a temporary folder and moved into place
only when it works, so a failed first run leaves nothing half-made behind.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PIP_LOG = ROOT / "build" / "pip-last-run.log"
COMMANDS = ("app", "test", "install-desktop", "bundle", "dist-check", "lowest", "icons")


class SetupFailed(Exception):
    """Setting up could not finish; the message says why in plain words."""


def venv_python(env: Path = VENV) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _healthy(env: Path) -> bool:
    """A usable environment: its Python starts and it has pip (a half-made one has neither)."""
    python = venv_python(env)
    if not python.exists() or not (env / "pyvenv.cfg").exists():
        return False
    site = env / "Lib" / "site-packages" if os.name == "nt" else None
    pips = [site / "pip"] if site else list(env.glob("lib/python3*/site-packages/pip"))
    return any((p / "__init__.py").exists() for p in pips)


def _pip(python: Path, *args: str, what: str) -> None:
    """Run pip quietly; on failure say why in one or two plain lines (full output in a log)."""
    result = subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", *args],
                            capture_output=True, text=True)
    if result.returncode == 0:
        return
    PIP_LOG.parent.mkdir(exist_ok=True)
    PIP_LOG.write_text(result.stdout + result.stderr, encoding="utf-8")
    errors = [line.strip() for line in (result.stderr + result.stdout).splitlines()
              if line.strip().startswith("ERROR:")]
    text = (result.stderr + result.stdout).lower()
    offline = any(sign in text for sign in (
        "no matching distribution", "could not find a version", "connection", "network is",
        "temporary failure in name resolution", "max retries", "nodename nor servname"))
    reason = ("this computer seems to be offline (or the package index cannot be reached)"
              if offline else (errors[-1] if errors else "pip failed"))
    raise SetupFailed(f"Could not {what}: {reason}. pip's full output is in {PIP_LOG}.")


def _relocate(built: Path, final: Path) -> None:
    """Point the scripts of an environment built at `built` to where it now lives."""
    old, new = str(built), str(final)
    for folder in (final / "bin", final / "Scripts"):
        for script in folder.glob("*") if folder.is_dir() else []:
            if script.is_symlink() or not script.is_file() or script.stat().st_size > 1_000_000:
                continue
            data = script.read_bytes()
            if old.encode() in data:
                script.write_bytes(data.replace(old.encode(), new.encode()))
    cfg = final / "pyvenv.cfg"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _create(env: Path, install: list[str], what: str) -> None:
    """Build a new environment next to `env`, install into it, then move it into place."""
    building = env.with_name(env.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    try:
        try:
            venv.EnvBuilder(with_pip=True).create(building)
        except (subprocess.CalledProcessError, OSError, SystemExit) as error:
            hint = ("On Debian or Ubuntu install it with: sudo apt install python3-venv"
                    if sys.platform.startswith("linux") else "Reinstall Python with pip.")
            raise SetupFailed("Could not create the environment: this Python has no working "
                              f"'venv' with pip ({type(error).__name__}). {hint}") from None
        if not _healthy(building):
            raise SetupFailed("Could not create the environment: pip did not install into it. "
                              "On Debian or Ubuntu: sudo apt install python3-venv")
        _pip(venv_python(building), "install", "--quiet", *install, what=what)
        shutil.rmtree(env, ignore_errors=True)  # a broken one is replaced, never patched
        building.rename(env)
        _relocate(building, env)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def ensure_environment(env: Path = VENV, install: list[str] | None = None,
                       key: str = "") -> Path:
    """Create (or repair, or refresh) a virtual environment with the app and its test tools."""
    if sys.version_info < (3, 11):
        raise SetupFailed(f"Mutual Checklist needs Python 3.11 or newer; this is "
                          f"{sys.version.split()[0]}.")
    install = install or ["-e", f"{ROOT}[test]"]
    stamp = env / ".installed-from"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + key.encode()).hexdigest()
    what = "install Mutual Checklist's dependencies"
    if not _healthy(env):
        if env.exists():
            print(f"The environment in {env.name} is incomplete; building it again ...",
                  flush=True)
        else:
            print(f"Creating the environment in {env.name} (first run takes a few minutes) ...",
                  flush=True)
        _create(env, install, what)
        stamp.write_text(wanted)
    elif not stamp.exists() or stamp.read_text() != wanted:
        print("Updating the environment (pyproject.toml changed) ...", flush=True)
        try:
            _pip(venv_python(env), "install", "--quiet", *install, what=what)
        except SetupFailed as failure:
            if not stamp.exists():
                raise
            print(f"{failure} Carrying on with the environment as it was.", file=sys.stderr,
                  flush=True)
            return venv_python(env)
        stamp.write_text(wanted)
    return venv_python(env)


# --- the commands ---------------------------------------------------------------------------

def run_app(rest: list[str]) -> int:
    python = ensure_environment()
    return subprocess.run([python, "-m", "mutual_checklist", *(rest or ["--demo"])],
                          cwd=ROOT).returncode


def run_tests(rest: list[str]) -> int:
    python = ensure_environment()
    return subprocess.run([python, "-m", "pytest", *rest], cwd=ROOT).returncode


def install_desktop(rest: list[str]) -> int:
    """Register the app, its icons and the .mutual type for this user (XDG folders, no root)."""
    if not sys.platform.startswith("linux"):
        print("install-desktop is for Linux desktops; Windows and macOS use the installers "
              "made from packaging/.", file=sys.stderr)
        return 1
    ensure_environment()
    app_id = "uk.org.mutualchecklist.MutualChecklist"
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    linux, icons = ROOT / "packaging" / "linux", ROOT / "resources" / "icons"
    launcher = VENV / "bin" / "mutual-checklist"
    for size_png in sorted((icons / "png").glob("*.png")):
        size = size_png.stem
        for name in (app_id, "application-x-mutual-checklist"):
            folder = data / "icons" / "hicolor" / f"{size}x{size}"
            folder = folder / ("apps" if name == app_id else "mimetypes")
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(size_png, folder / f"{name}.png")
    for name, kind in ((app_id, "apps"), ("application-x-mutual-checklist", "mimetypes")):
        folder = data / "icons" / "hicolor" / "scalable" / kind
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icons / "mutual-checklist.svg", folder / f"{name}.svg")
    mime = data / "mime" / "packages"
    mime.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(linux / f"{app_id}.mime.xml", mime / f"{app_id}.xml")
    apps = data / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    desktop = (linux / f"{app_id}.desktop").read_text(encoding="utf-8")
    quoted = f'"{launcher}"' if " " in str(launcher) else str(launcher)  # Exec's quoting
    desktop = re.sub(r"^Exec=mutual-checklist", lambda _m: f"Exec={quoted}", desktop, flags=re.M)
    desktop = re.sub(r"^TryExec=mutual-checklist", lambda _m: f"TryExec={launcher}", desktop,
                     flags=re.M)
    (apps / f"{app_id}.desktop").write_text(desktop, encoding="utf-8")
    metainfo = data / "metainfo"
    metainfo.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(linux / f"{app_id}.metainfo.xml", metainfo / f"{app_id}.metainfo.xml")
    for tool in (["update-mime-database", str(data / "mime")],
                 ["update-desktop-database", str(apps)],
                 ["gtk-update-icon-cache", "-q", "-t", "-f", str(data / "icons" / "hicolor")]):
        if shutil.which(tool[0]):
            subprocess.run(tool, capture_output=True)
    print(f"Added Mutual Checklist to this user's applications ({apps / (app_id + '.desktop')})"
          f", with its icon and the .mutual file type. It starts {launcher}.")
    if not shutil.which("update-mime-database"):
        print("Note: update-mime-database was not found (package shared-mime-info), so .mutual "
              "files are recognised only after the desktop updates its file types.")
    return 0


def bundle(rest: list[str]) -> int:
    """PyInstaller one-folder build in dist/, then the smoke test against the built copy."""
    python = ensure_environment()
    _pip(python, "install", "--quiet", "pyinstaller>=6.10", what="install PyInstaller")
    started = time.monotonic()
    build = subprocess.run([python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level",
                            "WARN", "--distpath", str(ROOT / "dist"), "--workpath",
                            str(ROOT / "build" / "pyinstaller"),
                            str(ROOT / "packaging" / "mutual_checklist.spec")], cwd=ROOT)
    if build.returncode:
        print("The bundle could not be built (PyInstaller's messages are above).",
              file=sys.stderr)
        return build.returncode
    folder = ROOT / "dist" / "mutual-checklist"
    files = [f for f in folder.rglob("*") if f.is_file() and not f.is_symlink()]
    size = sum(f.stat().st_size for f in files)
    print(f"Built {folder} in {time.monotonic() - started:.0f} s: {size / 2**20:.0f} MiB, "
          f"{len(files)} files.", flush=True)
    exe = folder / ("mutual-checklist-cli.exe" if os.name == "nt" else "mutual-checklist")
    return subprocess.run([python, str(ROOT / "packaging" / "smoke_test.py"), str(exe),
                           *rest]).returncode


def dist_check(rest: list[str]) -> int:
    """What a user of the sdist or wheel gets: build both, install the wheel in a clean venv."""
    python = ensure_environment()
    _pip(python, "install", "--quiet", "build>=1.2", what="install the 'build' tool")
    with tempfile.TemporaryDirectory(prefix="mutual-dist-") as tmp:
        out = Path(tmp) / "dist"
        quiet = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        built = subprocess.run([python, "-m", "build", "--outdir", str(out), str(ROOT)],
                               capture_output=True, text=True, env=quiet)
        noise = [line for line in (built.stdout + built.stderr).splitlines()
                 if re.search(r"warning|deprecat", line, re.I)]
        if built.returncode or noise:
            print(built.stdout[-3000:] + built.stderr[-3000:], file=sys.stderr)
            print("The sdist/wheel build failed or warned (above).", file=sys.stderr)
            return 1
        wheel = next(out.glob("*.whl"))
        import zipfile

        names = zipfile.ZipFile(wheel).namelist()
        checklists = [n for n in names if "/bundled/checklists/" in n and n.endswith(".toml")]
        icons = [n for n in names if "/bundled/icons/" in n]
        licence = [n for n in names if n.endswith("licenses/LICENSE")]
        print(f"{wheel.name}: {len(names)} files, {len(checklists)} checklists, {len(icons)} "
              f"icon files, licence {'included' if licence else 'MISSING'}.", flush=True)
        if not checklists or not icons or not licence:
            print("The wheel lacks checklists, icons or the licence.", file=sys.stderr)
            return 1
        target = Path(tmp) / "venv"
        _create(target, [str(wheel)], "install the wheel")
        exe = target / ("Scripts/mutual-checklist.exe" if os.name == "nt"
                        else "bin/mutual-checklist")
        return subprocess.run([venv_python(), str(ROOT / "packaging" / "smoke_test.py"),
                               str(exe), *rest], cwd=tmp).returncode


def lowest(rest: list[str]) -> int:
    """Install the lowest versions pyproject.toml allows for the app's own dependencies (test
    tools as resolved) in .venv-lowest, and run the suite there."""
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = []
    for requirement in deps["dependencies"]:
        spec, _, marker = requirement.partition(";")
        found = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(?:\[[^]]*\])?\s*.*?>=\s*([0-9][^,\s]*)", spec)
        if found:
            pins.append(f"{found[1]}=={found[2]}" + (f"; {marker.strip()}" if marker else ""))
    constraints = ROOT / "build" / "lowest-constraints.txt"
    constraints.parent.mkdir(exist_ok=True)
    constraints.write_text("\n".join(pins) + "\n", encoding="utf-8")
    print("Lowest allowed versions: " + ", ".join(p.split(";")[0] for p in pins), flush=True)
    python = ensure_environment(ROOT / ".venv-lowest",
                                ["-c", str(constraints), "-e", f"{ROOT}[test]"], key="lowest")
    return subprocess.run([python, "-m", "pytest", "-p", "no:cacheprovider", *rest],
                          cwd=ROOT).returncode


def icons(rest: list[str]) -> int:
    python = ensure_environment()
    return subprocess.run([python, str(ROOT / "resources" / "render_icons.py"), *rest]).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    handler = {"app": run_app, "test": run_tests, "install-desktop": install_desktop,
               "bundle": bundle, "dist-check": dist_check, "lowest": lowest,
               "icons": icons}[command]
    try:
        return handler(rest)
    except SetupFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
