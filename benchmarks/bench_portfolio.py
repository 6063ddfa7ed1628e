"""Benchmark: the portfolio over 200 review copies (target ≤ 5 s, PRODUCT.md §5).

Run: `.venv/bin/python benchmarks/bench_portfolio.py [--copies 200]`. Builds the demo project,
writes one redacted review copy, copies it (a closed single-file project) 200 times into a
temporary folder, then times reading the folder and writing the CSV and the PDF. Exits 1 if the
whole run is over the target.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 5.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("MUTUAL_CHECKLIST_DATA_DIR", str(Path(tmp) / "data"))
        from mutual_checklist import resources
        from mutual_checklist.demo import build_demo
        from mutual_checklist.export import portfolio
        from mutual_checklist.export.review_copy import write_review_copy

        today = dt.date.today()
        work, inbox = Path(tmp) / "work", Path(tmp) / "inbox"
        work.mkdir()
        inbox.mkdir()
        template = resources.find_bundled_template("mutual-2011")
        with build_demo(work / "demo.mutual", template, resources.template_text("mutual-2011"),
                        today) as repo:
            write_review_copy(repo, work / "review.mutual", redacted=True)
        for n in range(args.copies):
            shutil.copyfile(work / "review.mutual", inbox / f"project-{n:03d}.mutual")

        started = time.perf_counter()
        found = portfolio.build_portfolio(inbox, today, resources.find_bundled_template)
        read_s = time.perf_counter() - started
        csv_text = portfolio.to_csv(found)
        csv_s = time.perf_counter() - started - read_s
        pdf = portfolio.to_pdf(found)
        total_s = time.perf_counter() - started
        pdf_s = total_s - read_s - csv_s
    assert len(found.rows) == args.copies and not found.skipped
    print(f"portfolio over {args.copies} review copies: read {read_s:.2f} s, CSV {csv_s:.3f} s "
          f"({len(csv_text):,} chars), PDF {pdf_s:.2f} s ({len(pdf):,} bytes); "
          f"total {total_s:.2f} s (target ≤ {TARGET_S:.0f} s)")
    return 0 if total_s <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
