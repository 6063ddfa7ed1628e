"""PDF report build time for the demo project and the large generated project.

Plain script (no pytest): ``python benchmarks/bench_report.py``. Times snapshot + PDF (what
``report`` does apart from opening the file), best of a few runs, and prints the page count.
Targets (PRODUCT.md §5): demo ≤ 1 s, large ≤ 5 s.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.large_project import build_large
from mutual_checklist import resources
from mutual_checklist.demo import build_demo
from mutual_checklist.export.pdf_report import render_pdf
from mutual_checklist.export.snapshot import build_snapshot


def measure(label: str, repo, template, today: dt.date, runs: int) -> None:
    data = repo.load_all()
    best, pdf = float("inf"), b""
    for _ in range(runs):
        started = time.perf_counter()
        snap = build_snapshot(template, data, today, generated_at="2025-01-01T00:00:00+00:00")
        pdf = render_pdf(snap)
        best = min(best, time.perf_counter() - started)
    try:
        import pypdf
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    except ImportError:
        pages = pdf.count(b"/Type /Page\n")
    print(f"{label:<14} {best:6.2f} s  {pages:4d} pages  {len(pdf) / 1024:8.0f} KiB")


def main() -> None:
    template = resources.find_bundled_template("mutual-2011")
    text = resources.template_text("mutual-2011")
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as folder:
        with build_demo(Path(folder) / "demo.mutual", template, text, today) as repo:
            measure("demo", repo, template, today, runs=5)
        started = time.perf_counter()
        with build_large(Path(folder) / "large.mutual", template, text, today) as repo:
            print(f"(large project generated in {time.perf_counter() - started:.1f} s)")
            measure("large project", repo, template, today, runs=2)


if __name__ == "__main__":
    main()
