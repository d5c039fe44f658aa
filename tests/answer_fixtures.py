"""A small hand-built store (not the seeds) for answer and digest tests."""

from __future__ import annotations

from bot.models import Figure, Statement
from bot.store import Store


def _statement(
    kind: str,
    speaker: str,
    text: str,
    evidence: str,
    *,
    role: str | None = None,
    cue: str = "said",
    direct: bool = False,
    speaker_type: str = "person",
) -> Statement:
    return Statement(
        kind=kind,
        cue=cue,
        speaker=speaker,
        speaker_text=speaker,
        text=text,
        evidence=evidence,
        start=0,
        end=len(evidence),
        speaker_role=role,
        speaker_type=speaker_type,
        direct=direct,
    )


def _figure(
    text: str, value: float, low: float, high: float, unit: str, sentence: str, lemmas: tuple[str, ...]
) -> Figure:
    return Figure(
        text=text,
        value=value,
        unit=unit,
        qualifier=text.split()[0],
        low=low,
        high=high,
        sentence=sentence,
        start=0,
        end=len(sentence),
        lemmas=lemmas,
    )


def _save(
    store: Store,
    name: str,
    outlet: str,
    published: str,
    title: str,
    statements: list[Statement],
    figures: list[Figure] = (),
) -> list[int]:
    text = " ".join(s.evidence for s in statements) + " " + " ".join(f.sentence for f in figures)
    article_id = store.save_article(
        name=name,
        source=name,
        raw_text=text,
        text=text,
        content_hash=name,
        title=title,
        outlet=outlet,
        url=None,
        published=published,
        language="en",
        statements=statements,
        figures=list(figures),
    )
    return [r["id"] for r in store.statements(article=article_id)]


def fill_story(store: Store) -> dict[str, int]:
    """Three outlets on a fictional border ceasefire; returns proposition ids by name."""
    a = _save(
        store,
        "a.txt",
        "Daily Planet",
        "2024-03-01",
        "Chancellor says ceasefire agreed; Beijing denies it",
        [
            _statement(
                "claim",
                "Anna Berg",
                "the two leaders agreed to a ceasefire along the border",
                "German Chancellor Anna Berg said the two leaders agreed to a ceasefire along the border.",
                role="German Chancellor",
            ),
            _statement(
                "denial",
                "Li Wei",
                "no ceasefire had been agreed",
                "Chinese foreign ministry spokesman Li Wei denied that any ceasefire had been agreed.",
                role="Chinese foreign ministry spokesman",
                cue="denied",
            ),
        ],
        [
            _figure(
                "almost three hours",
                3,
                2.5,
                3,
                "hour",
                "The leaders spoke for almost three hours on Monday.",
                ("leader", "speak", "monday"),
            )
        ],
    )
    b = _save(
        store,
        "b.txt",
        "Morning Tribune",
        "2024-03-02",
        "Berg claims border ceasefire",
        [
            _statement(
                "claim",
                "Anna Berg",
                "a ceasefire along the border was agreed",
                "Berg claimed she had supposedly secured a ceasefire along the border, a ceasefire was agreed.",
                role="German Chancellor",
                cue="claimed",
            ),
            _statement(
                "claim",
                "Tom Reed",
                "sanctions on grain exports will be lifted next month",
                "U.S. Secretary of State Tom Reed said sanctions on grain exports will be lifted next month.",
                role="U.S. Secretary of State",
            ),
            _statement(
                "claim",
                "officials",
                "the leaders spoke for about two hours",
                "The leaders spoke for about two hours on Monday, officials said.",
                speaker_type="group",
            ),
        ],
        [
            _figure(
                "about two hours",
                2,
                1.8,
                2.2,
                "hour",
                "The leaders spoke for about two hours on Monday, officials said.",
                ("leader", "speak", "monday"),
            )
        ],
    )
    c = _save(
        store,
        "c.txt",
        "Gazette",
        "2024-03-05",
        "Alliance holds firm",
        [
            _statement(
                "claim",
                "Mara Holt",
                "the alliance will not compromise on its core values",
                "NATO Secretary General Mara Holt said the alliance will not compromise on its core values.",
                role="NATO Secretary General",
            ),
            _statement(
                "claim",
                "Li Wei",
                "the harbour project will open in June",
                "Li Wei, the Chinese foreign ministry spokesman, said the harbour project will open in June.",
                role="Chinese foreign ministry spokesman",
            ),
        ],
        [
            _figure(
                "more than 100 ships",
                100,
                100,
                1e12,
                "ship",
                "More than 100 ships use the harbour.",
                ("ship", "harbour"),
            ),
        ],
    )
    props = {
        "ceasefire": store.create_proposition(
            "the leaders agreed to a ceasefire", "Anna Berg", ["leader", "agree", "ceasefire"], []
        ),
        "sanctions": store.create_proposition("sanctions will be lifted", "Tom Reed", ["sanction", "lift"], []),
        "talks": store.create_proposition(
            "the leaders spoke for two hours", "officials", ["leader", "speak", "hour"], []
        ),
        "values": store.create_proposition("no compromise on values", "Mara Holt", ["compromise", "value"], []),
        "harbour": store.create_proposition("harbour opens in June", "Li Wei", ["harbour", "open"], []),
    }
    store.set_statement_links(a[0], proposition=props["ceasefire"], denies=None)
    store.set_statement_links(a[1], proposition=None, denies=props["ceasefire"])
    store.set_statement_links(b[0], proposition=props["ceasefire"], denies=None)
    store.set_statement_links(b[1], proposition=props["sanctions"], denies=None)
    store.set_statement_links(b[2], proposition=props["talks"], denies=None)
    store.set_statement_links(c[0], proposition=props["values"], denies=None)
    store.set_statement_links(c[1], proposition=props["harbour"], denies=None)
    return props
