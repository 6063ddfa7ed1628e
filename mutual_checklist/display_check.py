"""Before Qt starts on Linux: is there a display we can reach, and are its libraries installed?

Qt aborts the process (exit 134, a core dump) when its platform plugin cannot load, and its hint
can name the wrong package. This check runs first (a few milliseconds: it loads the libraries Qt
would load anyway), picks Wayland when a Wayland session is reachable (xcb as fallback), and
otherwise returns one plain line naming the exact packages to install. No Qt import here.
"""
from __future__ import annotations

import ctypes
import os
import socket
import sys
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package)
GUI_LIBRARIES = {
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
XCB_LIBRARIES = {
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
}
WAYLAND_LIBRARIES = {
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
}
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")


def missing(libraries: dict[str, tuple[str, str]]) -> list[str]:
    """The sonames that cannot be loaded (looked up as the dynamic linker would, or bundled)."""
    bundled = getattr(sys, "_MEIPASS", None)  # a frozen build carries some of them itself
    absent = []
    for soname in libraries:
        try:
            ctypes.CDLL(soname)
        except OSError:
            if not (bundled and _loads(os.path.join(bundled, soname))):
                absent.append(soname)
    return absent


def _loads(path: str) -> bool:
    try:
        ctypes.CDLL(path)
    except OSError:
        return False
    return True


def install_hint(sonames: list[str]) -> str:
    table = {**GUI_LIBRARIES, **XCB_LIBRARIES, **WAYLAND_LIBRARIES}
    debian = " ".join(dict.fromkeys(table[s][0] for s in sonames))
    fedora = " ".join(dict.fromkeys(table[s][1] for s in sonames))
    return (f"install them with 'sudo apt install {debian}' (Debian, Ubuntu) or "
            f"'sudo dnf install {fedora}' (Fedora)")


def wayland_reachable(env: dict[str, str]) -> bool:
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    path = Path(name) if os.path.isabs(name) else Path(env.get("XDG_RUNTIME_DIR", "/")) / name
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            sock.connect(str(path))
    except OSError:
        return False
    return True


def x11_reachable() -> bool:
    """Open and close one connection to $DISPLAY through libxcb (Qt's own route)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell; the library check reports the missing library instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(None, None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def prepare(env: dict[str, str] | None = None) -> str | None:
    """Choose the platform for Qt; return a one-line problem, or None when Qt can start.

    Sets QT_QPA_PLATFORM to "wayland;xcb" when a Wayland session is reachable and its
    libraries are present. Does nothing off Linux or when QT_QPA_PLATFORM is already set.
    """
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if chosen in HEADLESS_PLATFORMS:
        return None
    absent = missing(GUI_LIBRARIES)
    if absent:
        return _libraries_problem(absent)
    if chosen not in ("", "xcb", "wayland"):
        return None  # someone chose a platform on purpose; let Qt handle it
    if chosen != "xcb" and wayland_reachable(env) and not missing(WAYLAND_LIBRARIES):
        if not chosen:
            env["QT_QPA_PLATFORM"] = "wayland;xcb"
        return None
    if chosen == "wayland":
        return None  # asked for explicitly: Qt's own message is the right one
    if not env.get("DISPLAY"):
        if env.get("WAYLAND_DISPLAY"):
            return ("Mutual Checklist could not reach the Wayland display "
                    f"{env['WAYLAND_DISPLAY']!r} and no X11 display is set (DISPLAY).")
        return ("Mutual Checklist needs a desktop display and none was found (DISPLAY is not "
                "set). The command-line subcommands work without one: run "
                f"'{help_command()}'.")
    absent = missing(XCB_LIBRARIES)
    if absent:
        return _libraries_problem(absent)
    if not x11_reachable():
        return (f"Mutual Checklist could not reach the display {env['DISPLAY']!r}: is the "
                "desktop running, and is DISPLAY right? The command-line subcommands work "
                f"without one: run '{help_command()}'.")
    return None


def help_command() -> str:
    """How to reach the subcommands from here: the bare name only when it is on PATH (after
    `tasks.py app` it lives in `.venv`, which is not)."""
    import shutil

    script = Path(sys.executable).with_name(
        "mutual-checklist" + (".exe" if sys.platform == "win32" else ""))
    if getattr(sys, "frozen", False) or not script.exists():
        return "mutual-checklist --help"
    found = shutil.which("mutual-checklist")
    if found and Path(found).resolve() == script.resolve():
        return "mutual-checklist --help"
    try:
        return f"{script.relative_to(Path.cwd())} --help"
    except ValueError:
        return f"{script} --help"


def _libraries_problem(absent: list[str]) -> str:
    return (f"Mutual Checklist cannot open its window: this computer lacks "
            f"{', '.join(absent)}; {install_hint(absent)}, then start it again.")
