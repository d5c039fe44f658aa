"""Language: pure functions over a spaCy `Doc`; nothing here touches the store or the network.

`loader` loads the English pipeline once, `extract` finds who said what
(quotes, reporting cues, content, denials, headlines, nesting), `speakers`
names the people and groups speaking, `figures` reads numbers with their units,
`lexicon` holds the general English word lists those rules use, and
`signatures` reduces a statement to the concepts, negations and speaker key
that grouping compares. The same text always gives the same result.
"""
