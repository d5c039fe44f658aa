"""Attributed statements (who claimed, who denied what) from a parsed article.

The extractor works on one spaCy `Doc` of the cleaned article text and never
parses again. In order:

1. Units: sentences, also cut at line breaks (a headline without a full stop is
   often parsed into the next paragraph) and at semicolons outside quotes.
   Quotes: marks paired per paragraph; an unclosed quote runs on into the next.
2. Cues: reporting verbs with their subject and content (clausal complement,
   object, infinitive, or the rest of the sentence for "…, he said"),
   "according to X", "X's claim that …", "…, a claim X denied", evidence
   sources ("the records show that …"), headline patterns ("X says …").
   Parses that tie a sentence to the wrong neighbour are repaired locally.
3. Quotes go to the cue next to them; quotes without one continue the speaker
   of the quote before (same paragraph, next paragraph, a colon introduction).
4. Nesting: an outlet's report yields its source's words with a relay; a report
   inside someone's claim stays part of that claim; side-by-side statements
   ("…, adding …", "…, while critics argued …") are split.
5. Speakers are resolved in document order by `bot.nlp.speakers` (pronouns bound by
   gender and salience in one token walk when the Context is built); kinds, denial
   targets and the claims they deny are settled; repeats are dropped.

The entry point is `bot.nlp.extract.build.extract_statements`.
"""
