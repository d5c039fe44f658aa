"""Who is speaking: names, roles, pronouns and role nominals within one article.

An article names a person fully once ("Foreign Ministry spokesman John Smith")
and later as "Smith", "he" or "the spokesman". `PersonRegistry` collects the
people spaCy's NER finds, with the roles written around them; `describe_subject`
turns a subject noun phrase into a `Mention`; `bind_pronouns` walks the text once
to tie each he/she outside quotes to a person of compatible gender (honorifics,
gendered titles and appositions, earlier bindings), named or not ("a resident");
`SpeakerResolver` maps mentions to one canonical speaker per person, in document
order, using those bindings before falling back to the latest compatible speaker.
"""
