# ruff: noqa: T201  -- a developer report: printing its figures is its job
"""Development report for quotes, predictions and event dates, by document fold.

Splits the documents of a gold file into K folds by document (sorted by file name, the
i-th document in fold i mod K), runs the real pipeline once, and prints per fold and pooled
the quote, prediction and event-date figures that ``allywatch eval`` reports, plus the
date accuracy on every gold event whose sentence has a predicted event ("sentence-matched":
a proxy that does not depend on the event coder's type and actor choices). With
``--show FOLDS`` it prints the errors of those folds (missed and extra quotes and
predictions, wrong dates) so that rules are studied on some folds and checked on the others.

Nothing here is learned: the folds keep development honest (study errors on some folds,
check every change on the folds not looked at).

Usage:
    PYTHONPATH=src .venv/bin/python scripts/speech_dev.py ../shared/corpus/dev/gold.json \
        [--folds 5] [--show 0,1,2] [--what quotes,predictions,dates] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from allywatch.analyze import evaluate as ev
from allywatch.analyze.speech_eval import quote_report


def _fold_of(names: list[str], k: int) -> dict[str, int]:
    return {name: i % k for i, name in enumerate(sorted(names))}


def _sentence_dates(entry: dict[str, Any], extraction: Any) -> list[tuple[dict[str, Any], Any]]:
    """(gold event, predicted event in its sentence — same type first) for dated scoring."""
    out = []
    for g in entry.get("events", []):
        cands = [p for p in extraction.events if ev.covers(p.evidence.sentence, g["evidence"])]
        if not cands:
            continue
        same = [p for p in cands if p.type == g["type"]]
        out.append((g, (same or cands)[0]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--show", default="", help="comma-separated folds whose errors to print")
    ap.add_argument("--what", default="quotes,predictions,dates")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    show = {int(x) for x in args.show.split(",") if x.strip()}
    what = set(args.what.split(","))
    extract, state_of = ev.default_extractor()
    rows: list[tuple[str, dict[str, Any], Any]] = []
    for gold_path in args.gold:
        gold = ev.load_gold(gold_path)
        for entry in gold["documents"]:
            published = ev._published(entry.get("published"), str(gold_path))
            document = ev.load_document(gold_path.parent / entry["document"], published)
            rows.append((entry["document"], entry, extract(document)))
    folds = _fold_of([name for name, _, _ in rows], args.folds)
    per_fold: dict[str, Any] = {}
    for k in [*range(args.folds), "all"]:
        pairs = [(e, x) for name, e, x in rows if k == "all" or folds[name] == k]
        result = ev.evaluate_extractions(pairs, state_of)
        sent_ok = sent_n = 0
        for e, x in pairs:
            for g, p in _sentence_dates(e, x):
                sent_n += 1
                sent_ok += ev._date_ok(g.get("date"), p)
        result["sentence_dates"] = {"accuracy": round(sent_ok / sent_n, 4) if sent_n else 0.0,
                                    "n": sent_n}  # fmt: skip
        result["quotes_by_type"] = quote_report(pairs)
        per_fold[str(k)] = result
    if args.json:
        print(json.dumps(per_fold, indent=2))
    else:
        print(f"{'fold':<5} {'docs':>4} {'quotes P/R/F1':>20} {'spk-P':>6} {'pred P/R/F1':>20}"
              f" {'dates(m)':>10} {'dates(s)':>10}")  # fmt: skip
        for k, r in per_fold.items():
            q, p = r["quotes"], r["predictions"]
            n_docs = sum(1 for name, _, _ in rows if k == "all" or str(folds[name]) == k)
            spk = r["quotes_by_type"]["speaker_precision"]
            print(f"{k:<5} {n_docs:>4} {q['precision']:.3f}/{q['recall']:.3f}/{q['f1']:.3f}"
                  f"{'':>4} {spk:>6.3f} {p['precision']:.3f}/{p['recall']:.3f}/{p['f1']:.3f}"
                  f"{'':>4} {r['event_dates']['accuracy']:.3f}/{r['event_dates']['n']:<3}"
                  f" {r['sentence_dates']['accuracy']:.3f}/{r['sentence_dates']['n']:<3}")
        by_type = per_fold["all"]["quotes_by_type"]["by_type"]
        for t, c in by_type.items():
            print(f"  quotes {t:<13} gold {c['gold']:>3} found {c['tp']:>3} "
                  f"wrong speaker {c['wrong_speaker']:>3} predicted {c['predicted']:>3}")
    for name, entry, x in rows:
        if folds[name] not in show:
            continue
        _print_errors(name, entry, x, what, state_of)
    return 0


def _print_errors(name: str, entry: dict[str, Any], x: Any, what: set[str], state_of: Any) -> None:
    print(f"\n===== {name} (published {entry.get('published')})")
    if "quotes" in what:
        matched = ev._match(entry.get("quotes", []), list(x.quotes), ev._quote_match)
        got = {id(p) for _, p in matched}
        hit = {id(g) for g, _ in matched}
        for g in entry.get("quotes", []):
            if id(g) not in hit:
                near = [q for q in x.quotes if ev.covers(q.text, g.get("text", ""))]
                said = f" -> predicted speaker {near[0].speaker_text!r} ({near[0].speaker_type}" \
                       f", {near[0].speaker})" if near else " -> not found"  # fmt: skip
                print(f"  QUOTE MISS [{g.get('speaker_type')}] {g.get('speaker')!r}: "
                      f"{g.get('text', '')[:110]!r}{said}")
        for q in x.quotes:
            if id(q) not in got:
                print(f"  QUOTE EXTRA [{q.speaker_type}] {q.speaker_text!r} ({q.speaker}): "
                      f"{q.text[:110]!r}")
    if "predictions" in what:
        pm = ev._match(entry.get("predictions", []), list(x.predictions),
                       lambda g, p: ev._prediction_match(g, p, state_of))  # fmt: skip
        got = {id(p) for _, p in pm}
        hit = {id(g) for g, _ in pm}
        for g in entry.get("predictions", []):
            if id(g) not in hit:
                print(f"  PRED MISS subj={g.get('subject')} by={g.get('by')!r}: "
                      f"{g.get('evidence', '')[:160]!r}")
        for p in x.predictions:
            if id(p) not in got:
                print(f"  PRED EXTRA subj={p.subject} by={p.predictor!r} out={p.outcome!r}: "
                      f"{p.evidence.sentence[:160]!r}")
    if "dates" in what:
        for g, p in _sentence_dates(entry, x):
            if not ev._date_ok(g.get("date"), p):
                got_date = p.date.value if p.date else None
                text = p.date.text if p.date else ""
                print(f"  DATE gold={g.get('date')} got={got_date} ({text!r}) "
                      f"[{g['type']}/{p.type}]: {g['evidence'][:140]!r}")


if __name__ == "__main__":
    sys.exit(main())
