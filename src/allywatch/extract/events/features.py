"""Features of candidates for the decision step (sparse dicts of name -> value).

Two feature sets, for the two models of :mod:`.decide`:

- :func:`type_features`: what kind of event a trigger states, if any -- its lemma, the
  CAMEO codes and PLOVER types the dictionary gives it (most specific pattern first), the
  hand lexicons' classes, its object and the object's mode class, particles and
  prepositions, voice, polarity and modality cues, the clause it sits in and the verb above
  it, and which kinds of actors its parties are;
- :func:`role_features`: whether a party is the source, the target or neither of an event
  of a given type -- its syntactic path (by preposition), voice, what the CAMEO pattern
  says about that preposition, the hand lexicon's frame, the actor kind, side and distance.

Feature names are plain strings so the model file stays readable (``docs/events.md``).
"""

from __future__ import annotations

from spacy.tokens import Token

from allywatch.extract.events.candidates import Candidate, Party
from allywatch.extract.events.lexicon import Lexicon

__all__ = ["choice_features", "lexicon_types", "party_kind", "role_features", "type_features"]

Features = dict[str, float]


def _bucket(n: int) -> str:
    return str(n) if n < 3 else ("3-5" if n <= 5 else "6+")


def party_kind(party: Party) -> str:
    refs = party.actors.refs
    if not refs:
        return "none"
    ref = refs[0]
    if ref.actor is None:
        return "unresolved"
    if ref.is_person:
        return "person"
    if ref.state and ref.state != ref.actor:
        return "org"
    return "state"


def _in_quote(tok: Token) -> bool:
    sent = tok.sent
    marks = [t.i for t in sent if t.text in {'"', "“", "”"}]
    before = sum(1 for i in marks if i < tok.i)
    return before % 2 == 1


def type_features(c: Candidate, lex: Lexicon) -> Features:
    t = c.trigger
    f: Features = {
        "bias": 1.0,
        f"kind={c.kind}": 1.0,
        f"lem={c.lemma}": 1.0,
        f"lemkind={c.lemma}|{c.kind}": 1.0,
        f"dep={t.dep_}": 1.0,
        f"tag={t.tag_}": 1.0,
        f"mod={c.modality}": 1.0,
    }
    if c.negated:
        f["negated"] = 1.0
    best = max(c.cameo, key=lambda h: h.specificity, default=None)
    if best is not None and best.type:
        f[f"cam_best={best.type}"] = 1.0
        f[f"cam_best_mode={best.type}:{best.mode}"] = 1.0
        if best.specificity:
            f[f"cam_pat={best.type}"] = 1.0
    for h in c.cameo:
        if h.type:
            f[f"cam_type={h.type}"] = 1.0
            f[f"cam_code={h.code[:3]}"] = 1.0
        f[f"cam_root={h.code[:2]}"] = 1.0
    if not c.cameo:
        f["cam_none"] = 1.0
    for type_, frame in c.yaml_types:
        f[f"lex={type_}"] = 1.0
        f[f"lexframe={type_}:{frame}"] = 1.0
    for obj in c.objects:
        olem = obj.lemma_.lower()
        f[f"obj={olem}"] = 1.0
        f[f"lem_obj={c.lemma}|{olem}"] = 1.0
        mode = lex.object_modes.get(olem)
        if mode:
            f[f"obj_mode={mode}"] = 1.0
        if olem in lex.nouns:
            f[f"obj_noun={lex.nouns[olem].type}"] = 1.0
        if olem in lex.light_nouns:
            f[f"obj_light={lex.light_nouns[olem].type}"] = 1.0
        for child in obj.children:
            if child.dep_ == "det" and child.lower_ in {"no", "any"}:
                f[f"obj_det={child.lower_}"] = 1.0
    if c.lemma in lex.light_verbs:
        f["light_verb"] = 1.0
    for child in t.children:
        if child.dep_ == "prt":
            f[f"prt={child.lower_}"] = 1.0
            f[f"lem_prt={c.lemma}|{child.lower_}"] = 1.0
        elif child.dep_ in {"prep", "agent", "dative"}:
            f[f"prep={child.lower_}"] = 1.0
        elif child.dep_ == "auxpass":
            f["passive"] = 1.0
    for cue in c.cues:
        f[f"cue={cue}"] = 1.0
    if c.governor is not None:
        glem = c.governor.lemma_.lower()
        f[f"gov={glem}"] = 1.0
        f[f"gov_dep={t.dep_}"] = 1.0
        if glem in lex.light_verbs:
            f["gov_light"] = 1.0
    head = t.head
    if head.i != t.i and head.pos_ in {"VERB", "AUX", "ADJ"}:
        f[f"head={head.lemma_.lower()}"] = 1.0
        for type_, _ in ((tr.type, tr.frame) for tr in lex.verbs.get(head.lemma_.lower(), ())):
            f[f"head_lex={type_}"] = 1.0
    syntactic = [p for p in c.parties if not p.path.startswith(("other", "ctx"))]
    kinds = {party_kind(p) for p in syntactic}
    for k in kinds:
        f[f"party_kind={k}"] = 1.0
    paths = {p.path.split(":")[0] for p in syntactic}
    for p in paths:
        f[f"has={p}"] = 1.0
    f[f"n_parties={_bucket(len(syntactic))}"] = 1.0
    f[f"n_other={_bucket(len(c.parties) - len(syntactic))}"] = 1.0
    if _in_quote(t):
        f["in_quote"] = 1.0
    if t.i == t.sent.root.i:
        f["root"] = 1.0
    return f


def role_features(c: Candidate, party: Party, type_: str, lex: Lexicon) -> Features:
    """Features of ``party`` filling a role of ``c`` read as an event of ``type_``."""
    path = party.path
    base = path.split(":")[0]
    kind = party_kind(party)
    side = "before" if party.token.i < c.trigger.i else "after"
    dist = abs(party.token.i - c.trigger.i)
    f: Features = {
        "bias": 1.0,
        f"path={path}": 1.0,
        f"base={base}": 1.0,
        f"path|T={path}|{type_}": 1.0,
        f"base|T={base}|{type_}": 1.0,
        f"path|kind={path}|{c.kind}": 1.0,
        f"akind={kind}": 1.0,
        f"akind|T={kind}|{type_}": 1.0,
        f"side={side}": 1.0,
        f"side|T={side}|{type_}": 1.0,
        f"dist={_bucket(dist // 3)}": 1.0,
        f"T={type_}": 1.0,
        f"path|lem={path}|{c.lemma}": 1.0,
    }
    if c.negated:
        f[f"neg|path={path}"] = 1.0
    if party.resolved_by:
        f[f"anaphor={party.resolved_by}"] = 1.0
    if len(party.actors.refs) > 1:
        f["group"] = 1.0
    prep = path.split(":")[1] if ":" in path else ""
    for h in c.cameo:
        if h.type == type_ and prep:
            if h.target_pp == prep:
                f["cam_target_pp"] = 1.0
            if h.source_pp == prep:
                f["cam_source_pp"] = 1.0
    for t, frame in c.yaml_types:
        if t == type_:
            f[f"frame|path={frame}|{path}"] = 1.0
            f[f"frame|base={frame}|{base}"] = 1.0
    for tr in lex.verbs.get(c.lemma, ()):
        if tr.type == type_ and prep and prep in tr.preps:
            f["lex_prep"] = 1.0
    others = [p for p in c.parties if p is not party and not p.path.startswith(("other", "ctx"))]
    f[f"co_parties={_bucket(len(others))}"] = 1.0
    if any(set(p.actors.states) & set(party.actors.states) for p in others):
        f["shared_state"] = 1.0
    return f


def lexicon_types(c: Candidate, lex: Lexicon) -> dict[str, set[str]]:
    """Each PLOVER type the lexicons propose for ``c``, with where the proposal comes from."""
    out: dict[str, set[str]] = {}
    best = max(c.cameo, key=lambda h: h.specificity, default=None)
    for h in c.cameo:
        if h.type:
            out.setdefault(h.type, set()).add("cam_pat" if h.specificity else "cam_verb")
    if best is not None and best.type:
        out.setdefault(best.type, set()).add("cam_best")
    for type_, frame in c.yaml_types:
        out.setdefault(type_, set()).add(f"yaml_{frame}")
    for obj in c.objects:
        olem = obj.lemma_.lower()
        if olem in lex.nouns:
            out.setdefault(lex.nouns[olem].type, set()).add("obj_noun")
        if olem in lex.light_nouns:
            out.setdefault(lex.light_nouns[olem].type, set()).add("obj_light")
    return out


def choice_features(base: Features, proposals: dict[str, set[str]], k: str) -> Features:
    """Features of reading candidate ``c`` (``base`` = its :func:`type_features`) as type
    ``k`` (or NONE): the candidate's features conjoined with ``k``, plus features shared by
    all types -- whether and how the lexicons propose ``k`` -- so what the lexicons say is
    learned once for every type rather than once per type."""
    f: Features = {f"{k}|{name}": v for name, v in base.items()}
    if k == "NONE":
        f[f"NONE|n_proposed={_bucket(len(proposals))}"] = 1.0
        return f
    where = proposals.get(k, set())
    if where:
        f["proposed"] = 1.0
        f[f"proposed|{(base.get('kind=verb') and 'verb') or 'other'}"] = 1.0
        for src in where:
            f[f"proposed_by={src}"] = 1.0
        f[f"n_sources={_bucket(len(where))}"] = 1.0
        if len(proposals) == 1:
            f["only_proposal"] = 1.0
    else:
        f["not_proposed"] = 1.0
    return f
