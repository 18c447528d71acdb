"""Event arguments: which actors a dependency subtree names.

Mentions arrive as character spans (from the actors stage); :class:`MentionIndex` maps them
onto tokens. :func:`actors_of` collects the actors an argument phrase names, following
coordination and apposition ("Russia and China", "two states, Russia and Iran"), modifiers
("Syria's Assad", "American forces", "U.S.-Israeli strikes") and partitives ("none of
them"), but not relative or adverbial clauses, whose actors belong to other events.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from allywatch.types import Mention

__all__ = ["ActorRef", "Actors", "MentionIndex", "actors_of", "subject_of"]

#: Dependencies whose subtrees still describe the same participant.
_MODIFIER_DEPS = frozenset(
    {"compound", "amod", "poss", "nmod", "appos", "conj", "npadvmod", "nummod", "det", "quantmod"}
)
_PARTITIVE_HEADS = frozenset(
    {"none", "all", "some", "each", "most", "many", "both", "either", "neither", "one", "two",
     "three", "four", "five", "several", "part", "member", "members", "rest"}
)  # fmt: skip
_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
_RELATIVE = frozenset({"which", "who", "that", "whom", "whose"})
#: Participles that make a nationality word the origin of a thing, not a party to the
#: event: "Russian-made S-300 systems were destroyed" is no attack on Russia.
_PROVENANCE = frozenset({"make", "build", "design", "manufacture", "produce", "supply", "develop"})
#: "did nothing/little/anything to help": the doer of the governing verb acts
_INDEFINITES = frozenset({"nothing", "anything", "something", "everything", "little", "much",
                          "more", "less", "enough"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActorRef:
    """One participant: an actor id (state level when known) or only its text."""

    actor: str | None
    text: str
    person: str | None = None  # person actor id, when a person was rolled up to a state
    is_person: bool = False
    title: str | None = None
    state: str | None = None  # the state an organisation belongs to
    start: int = -1  # where the mention starts (two mentions of one state stay apart)


@dataclass(slots=True)
class Actors:
    refs: list[ActorRef] = field(default_factory=list)

    def add(self, ref: ActorRef) -> None:
        if all((r.actor, r.text) != (ref.actor, ref.text) for r in self.refs):
            self.refs.append(ref)

    def extend(self, other: Actors) -> None:
        for ref in other.refs:
            self.add(ref)

    @property
    def ids(self) -> tuple[str, ...]:
        seen: list[str] = []
        for r in self.refs:
            if r.actor and r.actor not in seen:
                seen.append(r.actor)
        return tuple(seen)

    @property
    def states(self) -> set[str]:
        return {s for r in self.refs if (s := r.state or r.actor)}

    @property
    def unresolved(self) -> tuple[str, ...]:
        return tuple(r.text for r in self.refs if r.actor is None)

    def __bool__(self) -> bool:
        return bool(self.refs)


class MentionIndex:
    """Mentions of one document, looked up by token.

    ``leader_nouns`` and ``place_nouns`` are the heads of definite descriptions that refer
    back to a leader or a state named earlier ("the despot", "the country"), see
    :func:`resolve_definite`.
    """

    def __init__(
        self,
        mentions: Iterable[Mention],
        leader_nouns: frozenset[str] = frozenset(),
        place_nouns: frozenset[str] = frozenset(),
        title_nouns: frozenset[str] = frozenset(),
        event_nouns: frozenset[str] = frozenset(),
    ) -> None:
        self._spans: list[Mention] = sorted(mentions, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self._spans]
        self._token_cache: dict[int, tuple[Mention, ...]] = {}
        self.leader_nouns = leader_nouns
        self.place_nouns = place_nouns
        self.title_nouns = title_nouns
        self.event_nouns = event_nouns

    def at(self, token: Token) -> tuple[Mention, ...]:
        """Mentions overlapping ``token`` (several for "U.S.–Israeli")."""
        cached = self._token_cache.get(token.i)
        if cached is not None:
            return cached
        start, end = token.idx, token.idx + len(token.text)
        # mentions are sorted by start: only those starting before ``end`` can overlap
        # (a mention is a few tokens long, so look back a bounded stretch)
        hi = bisect_left(self._starts, end)
        lo = bisect_left(self._starts, start - 200)
        found = tuple(m for m in self._spans[lo:hi] if start < m.end)
        self._token_cache[token.i] = found
        return found

    def in_span(self, span: SpacySpan) -> list[Mention]:
        return [m for m in self._spans if span.start_char <= m.start and m.end <= span.end_char]


def ref_of(mention: Mention) -> ActorRef:
    """Roll a mention up to the actor an event counts it as.

    People acting in office count as their state (``Mention.state``); the person id is kept.
    Organisations keep their own id (evaluation rolls them up through the catalog).
    """
    if mention.kind == "person":
        return ActorRef(
            actor=mention.state, text=mention.text, person=mention.actor_id, is_person=True,
            title=mention.role,
            start=mention.start,
        )  # fmt: skip
    actor = mention.actor_id or mention.state
    return ActorRef(
        actor=actor, text=mention.text, state=mention.state or actor, start=mention.start
    )


def actors_of(token: Token, index: MentionIndex, relational: frozenset[str]) -> Actors:
    """The actors named by the phrase headed by ``token`` (with its conjuncts)."""
    out = Actors()
    _collect(token, index, relational, out, depth=0)
    return out


def _collect(
    token: Token,
    index: MentionIndex,
    relational: frozenset[str],
    out: Actors,
    depth: int,
    resolve: bool = True,
) -> None:
    if depth > 6:
        return
    own = index.at(token)
    if own:
        for m in own:
            out.add(ref_of(m))
    elif resolve and token.lower_ in _PRONOUNS:
        antecedent = resolve_pronoun(token, index, relational)
        if antecedent:
            out.extend(antecedent)
    elif (
        resolve
        and _definite(token)
        and not any(index.at(c) for c in token.children)  # "the Venezuelan president"
        and token.lemma_.lower() in index.leader_nouns | index.place_nouns | index.title_nouns
    ):
        ref = resolve_definite(token, index)
        if ref is not None:
            out.add(ref)
    appos = [c for c in token.children if c.dep_ == "appos"]
    appos_actors = Actors()
    for child in appos:
        _collect(child, index, relational, appos_actors, depth + 1, resolve)
    if appos_actors:
        # "two states, Russia and Iran" / "allies - Assad, Maduro": the apposition names them.
        out.extend(appos_actors)
        for child in token.children:
            if child.dep_ == "conj":
                _collect(child, index, relational, out, depth + 1, resolve)
        return
    is_relational = token.lemma_.lower() in relational and not own
    for child in token.children:
        dep = child.dep_
        if dep == "appos":
            continue
        if dep == "poss" and is_relational:
            continue  # "Russia's allies" are not Russia
        if dep in _MODIFIER_DEPS:
            if dep in {"det", "nummod", "quantmod"} and not index.at(child):
                continue
            if child.lemma_.lower() in _PROVENANCE and child.tag_ == "VBN":
                continue  # "Russian-made systems": where they come from
            _collect(child, index, relational, out, depth + 1, resolve)
        elif dep == "prep" and child.lower_ in {"like", "including"} and not own:
            # "places like Kazakhstan", "allies including Syria"
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    _collect(pobj, index, relational, out, depth + 1, resolve)
        elif (
            dep == "prep"
            and child.lower_ == "of"
            and (token.lower_ in _PARTITIVE_HEADS or token.pos_ == "NUM" or not own)
            and not is_relational
            # "arms for Russia's invasion of Ukraine": an event noun's "of" names its
            # patient, not the party the phrase stands for
            and token.lemma_.lower() not in index.event_nouns
        ):
            # "none of them", "positions of the Palestinian forces"
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    _collect(pobj, index, relational, out, depth + 1, resolve)


def resolve_pronoun(token: Token, index: MentionIndex, relational: frozenset[str]) -> Actors | None:
    """A same-sentence antecedent for "it/its/they/them/their": the nearest earlier subject
    that names an actor (a deliberately small rule: no cross-sentence coreference)."""
    sent = token.sent
    best: Actors | None = None
    # a plain object pronoun never means its own clause's subject ("X granted them")
    own_verb = token.head.i if token.dep_ in {"dobj", "dative", "iobj", "pobj"} else -1
    if token.dep_ == "pobj":
        own_verb = token.head.head.i
    for cand in sent:
        if cand.i >= token.i:
            break
        if cand.head.i == own_verb and token.lower_ not in {"its", "their", "itself", "themselves"}:
            continue
        if cand.dep_ in {"nsubj", "nsubjpass"} and cand.lower_ not in _PRONOUNS:
            found = Actors()
            _collect(cand, index, relational, found, depth=3, resolve=False)
            if found.ids:
                best = found
    return best


def _definite(token: Token) -> bool:
    return token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children
    )


#: How salient a mention is by its grammatical role (subjects and possessors are topics).
_ROLE_RANK = {"nsubj": 3, "nsubjpass": 3, "poss": 3, "appos": 2, "dobj": 2, "dative": 2,
              "compound": 1, "amod": 1}  # fmt: skip


def resolve_definite(token: Token, index: MentionIndex) -> ActorRef | None:
    """The antecedent of a definite description: "the despot" (a person named earlier),
    "the country" (a state named earlier).

    Candidates are the mentions before ``token`` in its sentence, else in the previous
    sentence. A co-argument of the description's own clause is never its antecedent ("Moscow
    stood by during U.S. attacks on the country": neither Moscow nor the U.S.; binding
    principle C). Among the rest, the most salient role wins (subject, possessor, object,
    modifier, other), then the nearest.
    """
    lemma = token.lemma_.lower()
    want_person = lemma in index.leader_nouns or lemma in index.title_nouns
    title = lemma if lemma in index.title_nouns else None
    # the subject of the description's own clause and the parties named on the nouns that
    # govern it ("Moscow stood by during U.S. attacks on the country") are not its
    # antecedent; objects and higher clauses' subjects may be ("Iran protested after
    # Israeli jets struck the country's sites")
    ancestors: list[Token] = []
    for a in token.ancestors:
        ancestors.append(a)
        if a.pos_ in {"VERB", "AUX"}:
            break
    clause_subj = subject_of(ancestors[-1])[0] if ancestors else None
    banned_tokens = [
        *([clause_subj] if clause_subj is not None else []),
        *ancestors,
        *(c for a in ancestors for c in a.children
          if c.dep_ in {"nsubj", "nsubjpass", "compound", "amod", "poss", "agent"}),
    ]  # fmt: skip
    banned = {(m.start, m.end) for t in banned_tokens for m in index.at(t)}
    sent = token.sent
    windows = [(sent.start, token.i)]
    if sent.start > 0:
        prev = token.doc[sent.start - 1].sent
        windows.append((prev.start, prev.end))
    for lo, hi in windows:
        best: tuple[int, int, Mention] | None = None
        for tok in token.doc[lo:hi]:
            for m in index.at(tok):
                if (m.start, m.end) in banned:
                    continue
                ok = (
                    (
                        m.kind == "person"
                        and m.state is not None
                        and (title is None or title in (m.role or "").lower())
                    )
                    if want_person
                    else (
                        m.kind in {"state", "substate"}
                        or (m.kind != "person" and m.actor_id and m.state == m.actor_id)
                    )
                )
                if not ok:
                    continue
                rank = (_ROLE_RANK.get(tok.dep_, 0), tok.i, m)
                if best is None or rank[:2] > best[:2]:
                    best = rank
        if best is not None:
            start = min([token.i, *(c.i for c in token.children if c.dep_ in {"det", "amod"})])
            phrase = token.doc[start : token.i + 1]
            return replace(ref_of(best[2]), text=phrase.text, start=phrase.start_char)
    return None


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The token acting as ``verb``'s subject and whether it is a passive patient.

    Follows control and purpose ("signed a deal to purchase"), coordination ("fell and
    received"), participles ("the U.S. requesting aid") and relative clauses ("a company
    which built ...").
    """
    for child in verb.children:
        if child.dep_ in {"nsubj", "csubj"}:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head, False
            inner = [c for c in child.children if c.dep_ == "nsubj"]
            if child.tag_ == "VBG" and inner and not any(c.dep_ == "aux" for c in child.children):
                # "The Red Cross operating in Iraq said ...": a participle phrase on the
                # subject misread as a clause with its own subject
                return inner[0], False
            return child, False
        if child.dep_ == "nsubjpass":
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head, True
            return child, True
    head = verb.head
    if head.i == verb.i:
        return None, False
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        return subject_of(head.head)  # "Syria is willing to withdraw": Syria withdraws
    if verb.dep_ == "xcomp" and head.pos_ in {"VERB", "AUX"}:
        controller = [c for c in head.children if c.dep_ in {"dobj", "obj"}]
        if controller:
            return controller[0], False  # object control: "obliged Moscow to defend"
        controller = [
            g for c in head.children if c.dep_ == "prep" and c.lower_ in {"on", "upon"}
            for g in c.children if g.dep_ == "pobj"
        ]  # fmt: skip
        if controller:
            return controller[0], False  # "called on Arabs to mobilize", "relied on Iran to"
    if verb.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        subj, patient = subject_of(head)
        # "Iran was attacked and has retaliated": a conjunct with its own active auxiliary
        # (or not a participle) makes the shared subject its agent; "was captured and
        # killed" shares the passive
        own_aux = any(c.dep_ == "aux" for c in verb.children)
        return subj, patient and verb.tag_ == "VBN" and not own_aux
    if (
        verb.dep_ == "xcomp"
        or (
            verb.dep_ in {"advcl", "ccomp"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        )
    ) and head.pos_ in {"VERB", "AUX"}:
        return subject_of(head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.pos_ in {"VERB", "AUX"}:
        return subject_of(head)  # "..., deepening partnerships with Turkey"
    if verb.dep_ in {"acl", "relcl"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        # "Russia's inability to help X", "Iran's decision to send": the possessor acts;
        # "did nothing to help X": the subject of the verb governing the noun
        poss = [c for c in head.children if c.dep_ == "poss"]
        if poss:
            return poss[0], False
        if (
            head.lower_ in _INDEFINITES
            and head.dep_ in {"dobj", "obj", "attr"}
            and head.head.pos_ in {"VERB", "AUX"}
        ):
            return subject_of(head.head)
    if verb.dep_ == "acl":
        if verb.tag_ == "VBN":
            return head, True  # "an agreement signed by X": head is the patient
        if verb.tag_ == "VBG" and head.dep_ == "dobj" and head.head.pos_ in {"VERB", "AUX"}:
            # "issued a declaration demanding ...", "launched missiles targeting Kyiv":
            # the one who issued or launched acts
            return subject_of(head.head)
        return head, False  # "the U.S. requesting aid"
    if verb.dep_ == "pcomp" and head.head.pos_ in {"VERB", "AUX"}:
        return subject_of(head.head)  # "instead of racing to defend"
    return None, False
