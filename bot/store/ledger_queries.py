"""The ledger queries: named read-only SQL over the store that the ledger browser offers.

`briefbot browse` (Datasette) shows each of these as a canned query; the SQL
lives here, beside the migrations whose tables and views it reads, so that a
schema change and the queries it breaks are edited in one package. Each
query only reads; a `:name` in its SQL is a parameter listed in `params`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LedgerQuery:
    """One named query: its URL name, title, description for readers, SQL and parameter names."""

    name: str
    title: str
    description: str
    sql: str
    params: tuple[str, ...] = ()


# Propositions both claimed and denied, each side's speakers and outlets, the most widely carried first.
CONTESTED_CLAIMS_SQL = """with carried as (
  select s.kind, s.proposition_id, s.denies, s.speaker, o.name as outlet
  from statements s
  join article_outlets ao on ao.article_id = s.article_id
  join outlets o on o.id = ao.outlet_id
)
select
  p.id as proposition_id,
  p.text as proposition,
  (select group_concat(speaker, ', ') from (select distinct speaker from carried
    where kind = 'claim' and proposition_id = p.id order by speaker)) as claimed_by,
  (select group_concat(outlet, ', ') from (select distinct outlet from carried
    where kind = 'claim' and proposition_id = p.id order by outlet)) as claimed_in,
  (select group_concat(speaker, ', ') from (select distinct speaker from carried
    where kind = 'denial' and denies = p.id order by speaker)) as denied_by,
  (select group_concat(outlet, ', ') from (select distinct outlet from carried
    where kind = 'denial' and denies = p.id order by outlet)) as denied_in,
  (select count(distinct outlet) from carried
    where proposition_id = p.id or denies = p.id) as outlets
from propositions p
where exists (select 1 from statements where kind = 'claim' and proposition_id = p.id)
  and exists (select 1 from statements where kind = 'denial' and denies = p.id)
order by outlets desc, p.id"""

# Denials of the seven days up to the newest article (never past today), with what each denies.
DENIALS_THIS_WEEK_SQL = """with latest as (
  select min(date('now'), max(date(coalesce(published, ingested_at)))) as day from articles
)
select
  date(coalesce(a.published, a.ingested_at)) as date,
  s.speaker as denied_by,
  s.text as denial,
  p.text as denied_claim,
  p.speaker as claimed_by,
  (select group_concat(name, ', ') from (select o.name from article_outlets ao
    join outlets o on o.id = ao.outlet_id where ao.article_id = a.id order by o.name)) as outlets,
  a.title as article,
  s.id as statement_id
from statements s
join articles a on a.id = s.article_id
left join propositions p on p.id = s.denies
where s.kind = 'denial'
  and date(coalesce(a.published, a.ingested_at)) > date((select day from latest), '-7 days')
order by date desc, a.id, s.position"""

# One speaker's statements, newest first; `:speaker` matches part of a name, alias or role.
SPEAKER_LEDGER_SQL = """select
  date(coalesce(a.published, a.ingested_at)) as date,
  s.speaker,
  s.kind,
  s.cue,
  s.text as statement,
  case
    when s.kind = 'denial' then dp.text
    when cp.text != s.text then cp.text
  end as proposition,
  (select group_concat(name, ', ') from (select o.name from article_outlets ao
    join outlets o on o.id = ao.outlet_id where ao.article_id = a.id order by o.name)) as outlets,
  a.title as article,
  s.id as statement_id
from speakers sp
join statements s on s.speaker_id = sp.id
join articles a on a.id = s.article_id
left join propositions cp on cp.id = s.proposition_id
left join propositions dp on dp.id = s.denies
where trim(:speaker) != ''
  and (sp.name like '%' || trim(:speaker) || '%'
    or sp.aliases like '%' || trim(:speaker) || '%'
    or sp.roles like '%' || trim(:speaker) || '%')
order by date desc, a.id, s.position"""

# Figures of different outlets with the same unit, shared context words and disjoint intervals.
# The stop lemmas are reporting and time words every news sentence shares; they say nothing
# about whether two figures count the same thing.
FIGURES_OUTLETS_DISAGREE_ON_SQL = """select
  f1.unit,
  f1.text as figure,
  o1.name as outlet,
  f2.text as other_figure,
  o2.name as other_outlet,
  (select group_concat(value, ', ') from (select distinct j1.value as value
    from json_each(f1.lemmas) j1 join json_each(f2.lemmas) j2 on j2.value = j1.value
    where j1.value not in ('say', 'tell', 'report', 'according', 'accord', 'year', 'day', 'week', 'time'))
  ) as shared_context,
  f1.sentence,
  f2.sentence as other_sentence,
  f1.id as figure_id,
  f2.id as other_figure_id
from figures f1
join figures f2 on f2.unit = f1.unit and f2.article_id > f1.article_id
join articles a1 on a1.id = f1.article_id
join articles a2 on a2.id = f2.article_id
join outlets o1 on o1.id = a1.outlet_id
join outlets o2 on o2.id = a2.outlet_id
where a1.outlet_id != a2.outlet_id
  and (f1.low > f2.high or f2.low > f1.high)
  and (select count(distinct j1.value) from json_each(f1.lemmas) j1 join json_each(f2.lemmas) j2 on j2.value = j1.value
    where j1.value not in ('say', 'tell', 'report', 'according', 'accord', 'year', 'day', 'week', 'time'))
    >= case when min(json_array_length(f1.lemmas), json_array_length(f2.lemmas)) > 2 then 2 else 1 end
order by f1.unit, f1.id, f2.id"""

# In the order the browser lists them.
LEDGER_QUERIES: tuple[LedgerQuery, ...] = (
    LedgerQuery(
        name="contested_claims",
        title="Contested claims",
        description=(
            "Propositions that were both claimed and denied, with the speakers and outlets on each side; the "
            "most widely carried first."
        ),
        sql=CONTESTED_CLAIMS_SQL,
    ),
    LedgerQuery(
        name="denials_this_week",
        title="Denials this week",
        description=(
            "Denials in articles of the seven days up to the newest article in the store (on a store that is "
            "being fed, this week), with what each one denies. An empty denied claim means no claim was found "
            "to link it to."
        ),
        sql=DENIALS_THIS_WEEK_SQL,
    ),
    LedgerQuery(
        name="speaker_ledger",
        title="A speaker's ledger",
        description=(
            "Everything one speaker claimed and denied, newest first. Type part of a name, alias or role. The "
            "proposition column shows, for a denial, the claim it denies; for a claim, the proposition's "
            "wording where it differs from the statement's."
        ),
        sql=SPEAKER_LEDGER_SQL,
        params=("speaker",),
    ),
    LedgerQuery(
        name="figures_outlets_disagree_on",
        title="Figures outlets disagree on",
        description=(
            "Pairs of figures from different outlets that count the same thing (same unit, sentences sharing "
            "context words) and cannot both be true: their intervals do not overlap."
        ),
        sql=FIGURES_OUTLETS_DISAGREE_ON_SQL,
    ),
)
