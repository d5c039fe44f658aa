"""Word lists and switches of the denial rules: data apart from the logic that reads them.

General English news usage only; the lexicon's shared lists (denial verbs, allegation nouns, falsity
words) are in `bot.nlp.lexicon`, and these are the denial modules' own.
"""

from __future__ import annotations

from bot.nlp.lexicon import DENIAL_VERBS, REJECT_VERBS

# ------------------------------------------------------------------ switches

# Second-round forms, each switchable so its FNC-1 train figure can be measured form on vs off
# (docs/benchmarks.md); all of them are on. Related bodies where the form adds a denial, and how
# many dispute their headline (base rate .17): made up 2/2, a verdict on its own 5/6, an event
# called a hoax 3/7.
SECOND_ROUND_FORMS: dict[str, bool] = {
    "made_up": True,
    "bare_verdict": True,
    "event_hoax": True,
}

# Each form switchable so its figure on the news sets can be measured on vs off (docs/benchmarks.md).
# Two forms were measured and removed (their code is in commit 1660f4f): a flat negation by a speaker
# who denies elsewhere in the article (news5-7 recall +.004 to +.007, but news6 linking .639 -> .605:
# the denial it continues gives a coarser target than the gold's), and an "insisted" flat negation
# (right kind 4 times in 6, but its denials find no target: news3 linking .842 -> .828, news5 .757 ->
# .737). "unproven" adds news7 recall +.007 and changes no other set.
# "headline" moves news7 recall/precision +.008/+.007; its linking falls .02 only because denials of
# the accused side's headline no longer land on it as a claim; news3's gold counts one such headline
# ("insists it was not hacked") a claim.
NEGATION_FORMS: dict[str, bool] = {
    "headline": True,
    "refusal": True,
    "unproven": True,
    "which": True,
    "spoken": True,
    # Eighth round (docs/benchmarks.md, "Denials that were never extracted"): each measured on vs off.
    "not_right": True,
    "refused_pronoun": True,
    "asserted_above": True,
}

# ------------------------------------------------------------------ verdicts and refusals

# Words that may stand around a verdict said on its own ("utter nonsense", "that's just rubbish").
VERDICT_FILLER = frozenset(
    "complete completely total totally utter utterly absolute absolutely pure just simply all".split()
)
VERDICT_FILLER |= frozenset("a an the that this it is 's what".split())
# "Fake news," the striker posted: the stock phrase is a verdict on its own.
VERDICT_FILLER |= frozenset({"news"})

# What one "makes up" when it is a story: a pronoun, a claim, or the thing as a whole.
MADE_UP_OBJECTS = frozenset("it this that they them these those everything all thing story".split())

# Verbs with which the speaker reports having no evidence themselves ("we have seen no proof").
OWN_EVIDENCE_VERBS = frozenset("be see find have know".split())

# What a speaker declines to accept when refusing someone's account: a pronoun or a claim.
ACCEPTED_WORDS = frozenset("that this it".split())

# Verbs by which facts bear out a conclusion: "does not prove a cause", "nothing shows that …".
EVIDENTIAL_VERBS = frozenset("prove show support establish demonstrate".split())

# Evidential verbs that also mean showing a quality or backing a cause ("shown readiness", "supported
# the bill"): they bear out a claim only with a that-clause or a claim as object.
WEAK_EVIDENTIAL_VERBS = frozenset("show support".split())

# The lemmas the verb forms of a verdict ask for before anything else: a refused account ("accept"),
# "not accurate to say" ("be"), the evidential verbs and "found nothing to support", "made up", and the
# denying and rejecting verbs. A token with none of them is passed over by those forms.
VERB_FORM_LEMMAS = frozenset({"accept", "be", "make", "find", "see"}) | EVIDENTIAL_VERBS | DENIAL_VERBS | REJECT_VERBS

# A truth word that only denies in a negated verdict on a demonstrative ("that's not right"); on its own
# it means just or fitting ("the right decision"), so it is not among the lexicon's truth words.
DEMONSTRATIVE_TRUTH_WORDS = frozenset({"right"})

# Verbs whose negation with a pronoun object refuses what was just said ("The union doesn't accept that.").
REFUSING_VERBS = frozenset({"accept", "believe"})

# ------------------------------------------------------------------ flat negations

# Verbs too light to say what is negated ("is not a member": the predicate is).
LIGHT_VERBS = frozenset({"be", "have", "do", "make", "get", "go", "say"})

# Auxiliaries of a promise or prediction ("would not raise taxes"), which negates no fact.
MODALS = frozenset({"will", "would", "can", "could", "may", "might", "shall", "should", "must", "'ll", "wo", "ca"})

# A negated verb's object that only points back ("never received one").
OBJECT_PRONOUNS = frozenset("one it any them".split())

# Words that make a statement's text a negation (two negations agree rather than deny).
NEGATORS = frozenset("not n't never no nothing nobody none".split())

# Pronouns that negate as a subject or object: "nothing was offered", "nobody has been paid".
NEGATIVE_PRONOUNS = frozenset("nothing nobody none no-one noone".split())
# Negative words that may open a verbless denial: "No plans to shut it", "Nothing of the sort".
NEGATIVE_OPENERS = frozenset({"no", "never", "not"}) | NEGATIVE_PRONOUNS

# ------------------------------------------------------------------ targets and reports

# Words of a target phrase that name no content ("the claims of his", "such a story").
TARGET_FILLER = frozenset("a an the of that this these those any such his her its their our as".split())

# Words of a target phrase that say how it is rejected, not what ("no basis whatsoever for"); also
# read outside the denial modules (a denial that names a report and says nothing of it).
TARGET_VERDICT_WORDS = frozenset("no not whatsoever at all for in to about on any truth".split())

# Determiners and pronouns left off a report's source ("the union" -> "union").
SOURCE_DROP = frozenset("the a an this that these those".split())

# ------------------------------------------------------------------ denials beside the cue rules

# Verbs of a trailing "…, which the company denies" (the denial verbs proper, and "reject").
WHICH_DENIAL_VERBS = DENIAL_VERBS | {"reject"}

# Stems of rejecting verbs whose adjective takes "of" ("dismissive of" from "dismiss").
REJECT_STEMS = tuple(sorted(v for v in REJECT_VERBS | DENIAL_VERBS if len(v) >= 5))
