"""Hand-made events for analysis tests (no extraction involved)."""

from __future__ import annotations

from datetime import date

from allywatch.types import DateValue, Event, Evidence, Prediction, StoredEvent, stable_id


def when(value: str | None) -> DateValue | None:
    """A DateValue from '2025', '2025-06' or '2025-06-12' (None stays None)."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return DateValue(value, "day", d, d)
    if len(parts) == 2:
        y, m = parts
        end = date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
        return DateValue(value, "month", date(y, m, 1), date.fromordinal(end))
    return DateValue(value, "year", date(parts[0], 1, 1), date(parts[0], 12, 31))


def ev(
    type_: str, source: str | tuple[str, ...], target: str | tuple[str, ...], sentence: str, *,
    doc: str = "doc1", date_: str | None = None, negated: bool = False, mode: str | None = None,
    leader: str | None = None, detail: str = "", extra_evidence: tuple[Evidence, ...] = (),
    eid: str | None = None,
) -> StoredEvent:
    src = (source,) if isinstance(source, str) else source
    tgt = (target,) if isinstance(target, str) else target
    evidence = Evidence(doc, 0, len(sentence), sentence)
    event = Event(type=type_, source=src, target=tgt, evidence=evidence, mode=mode,
                  detail=detail, date=when(date_), negated=negated, leader=leader)
    return StoredEvent(id=eid or event.key + stable_id(doc, sentence, length=4), event=event,
                       evidence=(evidence, *extra_evidence))


def pred(subject: str, outcome: str, sentence: str, *, doc: str = "doc1",
         likelihood: float | None = None, deadline: date | None = None,
         status: str = "open") -> Prediction:
    return Prediction(claim=sentence, evidence=Evidence(doc, 0, len(sentence), sentence),
                      predictor="someone", subject=subject, outcome=outcome,
                      likelihood=likelihood, deadline=deadline, status=status)  # type: ignore[arg-type]
