//! Per-sentence annotation: where the triggers, cues, targets, names,
//! numbers and dates of a sentence are, as item indices.

use rasd_lexicon::{Entity, EntityMention, Lexicon, MentionKind, Mentions};
use rasd_text::item::Item;
use rasd_text::segment::TokenKind;
use rasd_text::{Analysis, date::DateMention, number::NumberMention};

use crate::lists::{List, has, stem_in};
use crate::words::{Cue, TriggerInfo, Words};

/// A trigger found in a sentence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Trigger {
    pub(crate) at: usize,
    pub(crate) end: usize,
    pub(crate) info: TriggerInfo,
    /// A bare bombardment ("قصف", "قصفت") left as shelling: no means named
    /// beside it, so a strike named elsewhere in the event says what it was.
    pub(crate) bare: bool,
    /// A bare explosion ("انفجار", "وانفجارها"), one word: a bomb's, or a
    /// crashed plane's or a gas tank's. Beside a disaster or an accident it
    /// names no method of violence.
    pub(crate) explosion: bool,
    /// Named after "ردا على", "انتقاما ل": the other side's attack that
    /// this one answered, not this one's method.
    pub(crate) response: bool,
}

/// A sentence with what it holds.
pub(crate) struct Sentence {
    /// Its items: `items[start..end]`.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// In the headline (or the dateline's neighbour, the first line).
    pub(crate) in_title: bool,
    /// Which paragraph (line) of the text it stands in.
    pub(crate) paragraph: usize,
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) cues: Vec<(usize, usize, Cue)>,
    pub(crate) targets: Vec<(usize, &'static str)>,
    /// A short line standing alone after the body has begun, with no full
    /// stop: the headline of a linked article ("الصومال: ارتفاع عدد القتلى في
    /// تفجير مقديشو إلى 358"), which tells another event.
    pub(crate) link_line: bool,
    /// Indices into the document's entity mentions.
    pub(crate) mentions: Vec<usize>,
    /// Indices into the analysis's numbers.
    pub(crate) numbers: Vec<usize>,
    /// Indices into the analysis's dates.
    pub(crate) dates: Vec<usize>,
}

impl Sentence {
    pub(crate) fn has_cue(&self, cue: Cue) -> bool {
        self.cues.iter().any(|c| c.2 == cue)
    }

    /// Cues of a kind within `[from, to)` items.
    pub(crate) fn cues_in(
        &self,
        cue: Cue,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = &(usize, usize, Cue)> {
        self.cues.iter().filter(move |c| c.2 == cue && c.0 >= from && c.0 < to)
    }
}

/// A document's items with each mention's, number's and date's item range.
pub(crate) struct Doc<'a> {
    pub(crate) text: &'a str,
    pub(crate) items: Vec<Item<'a>>,
    pub(crate) analysis: &'a Analysis,
    pub(crate) mentions: &'a Mentions,
    pub(crate) mention_items: Vec<(usize, usize)>,
    pub(crate) number_items: Vec<(usize, usize)>,
    pub(crate) date_items: Vec<(usize, usize)>,
    pub(crate) sentences: Vec<Sentence>,
    countries: Countries,
}

/// The countries a document names, read in one pass over its mentions.
struct Countries {
    /// For each country, the distinct entities that belong to it (its
    /// name, its adjectives, its places, its state's actors, its groups).
    named: Vec<(String, Vec<Entity>)>,
    /// The country the article is mostly about: the one its places and
    /// adjectives name most (groups and organisations left out; the last
    /// named of equals).
    main: Option<String>,
    /// How many times the article's sentences name a town, district or
    /// province of each country, in the order first named: where its
    /// events are told to be.
    by_places: Vec<(String, usize)>,
}

/// A country adjective of an armed group's patron ("ميليشيات الحوثي
/// الإيرانية") names no country the article is about.
fn countries_named(
    lex: &Lexicon,
    mentions: &Mentions,
    items: &[Item<'_>],
    mention_items: &[(usize, usize)],
) -> Countries {
    let mut named: Vec<(String, Vec<Entity>)> = Vec::new();
    let mut weights: Vec<(&str, usize)> = Vec::new();
    for (mi, m) in mentions.entities.iter().enumerate() {
        let at = mention_items.get(mi).map_or(0, |r| r.0);
        let patron = (at.saturating_sub(2)..at).any(|i| stem_in(List::ClientWords, items[i].norm));
        if patron {
            continue;
        }
        let e = m.entity();
        let Some(c) = lex.country_of(e) else { continue };
        match named.iter_mut().find(|(k, _)| k == c) {
            Some((_, es)) if !es.contains(&e) => es.push(e),
            Some(_) => {}
            None => named.push((c.to_string(), vec![e])),
        }
        if !matches!(e, Entity::Org(_) | Entity::Group(_)) {
            match weights.iter_mut().find(|w| w.0 == c) {
                Some(w) => w.1 += 1,
                None => weights.push((c, 1)),
            }
        }
    }
    let main = weights.iter().max_by_key(|w| w.1).map(|w| w.0.to_string());
    Countries { named, main, by_places: Vec::new() }
}

/// The item range covering a byte span.
fn item_range(items: &[Item<'_>], start: u32, end: u32) -> (usize, usize) {
    let a = items.partition_point(|it| it.span.end <= start);
    let b = items.partition_point(|it| it.span.start < end);
    (a, b.max(a + 1).min(items.len()))
}

/// Byte offset where the headline ends: the first blank line after the
/// dateline (if any) and the title.
fn title_end(text: &str, analysis: &Analysis) -> u32 {
    let from = analysis.dateline.map(|d| d.span.end as usize).unwrap_or(0);
    let rest = &text[from..];
    let skip = rest.len() - rest.trim_start().len();
    let body = from + skip;
    match text[body..].find("\n\n").or_else(|| text[body..].find('\n')) {
        Some(i) => (body + i) as u32,
        None => text.len() as u32,
    }
}

impl<'a> Doc<'a> {
    pub(crate) fn new(
        text: &'a str,
        analysis: &'a Analysis,
        mentions: &'a Mentions,
        words: &Words,
        lex: &Lexicon,
    ) -> Doc<'a> {
        let items = analysis.items(text);
        let mention_items: Vec<(usize, usize)> = mentions
            .entities
            .iter()
            .map(|m| item_range(&items, m.token_span.start, m.token_span.end))
            .collect();
        let number_items: Vec<(usize, usize)> = analysis
            .numbers
            .iter()
            .map(|n: &NumberMention| item_range(&items, n.span.start, n.span.end))
            .collect();
        let date_items: Vec<(usize, usize)> = analysis
            .dates
            .iter()
            .map(|d: &DateMention| item_range(&items, d.span.start, d.span.end))
            .collect();
        let title_end = title_end(text, analysis);
        let ranges = analysis.sentence_item_ranges(&items);
        let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        let mut sentences = Vec::with_capacity(ranges.len());
        let mut mentions_in = by_range(&ranges, &mention_items);
        let mut numbers_in = by_range(&ranges, &number_items);
        let mut dates_in = by_range(&ranges, &date_items);
        for (k, &(s, e)) in ranges.iter().enumerate() {
            if s == e {
                continue;
            }
            let in_title = items[s].span.start < title_end;
            let paragraph = newlines.partition_point(|n| *n < items[s].span.start as usize);
            let triggers = words
                .triggers
                .find_all(&items, s, e)
                .into_iter()
                .map(|(at, m)| Trigger {
                    at,
                    end: m.end,
                    info: m.value,
                    bare: false,
                    response: false,
                    explosion: m.end - at == 1
                        && crate::lists::words(List::Explosion)
                            .iter()
                            .any(|w| items[at].norm.contains(w)),
                })
                // "وليس عن هجوم انتحاري": a negation reaches the trigger right
                // after a negated one.
                .scan(None::<usize>, |negated_end, t| {
                    let negated = is_negated(&items, &t, s) || *negated_end == Some(t.at);
                    *negated_end = negated.then_some(t.end);
                    Some((t, negated))
                })
                .filter(|(t, negated)| {
                    !negated
                        && !is_dawn(&items, t)
                        && !is_weapon(&items, t, s)
                        && !is_crowd_control(&items, t, e)
                        && !is_appeal(&items, t, s, e)
                })
                .map(|(t, _)| by_gunmen(&items, t, e))
                .map(|t| by_aircraft(&items, t, s, e))
                .map(|t| on_protesters(&items, t, s, e))
                .map(|t| in_response(&items, t, s))
                .collect();
            let cues = words
                .cues
                .find_all(&items, s, e)
                .into_iter()
                .map(|(at, m)| (at, m.end, m.value))
                .collect();
            let targets = words
                .targets
                .find_all(&items, s, e)
                .into_iter()
                .map(|(at, m)| (at, m.value))
                .collect();
            sentences.push(Sentence {
                start: s,
                end: e,
                in_title,
                paragraph,
                triggers,
                cues,
                targets,
                link_line: false,
                mentions: std::mem::take(&mut mentions_in[k]),
                numbers: std::mem::take(&mut numbers_in[k]),
                dates: std::mem::take(&mut dates_in[k]),
            });
        }
        mark_link_lines(&items, &mut sentences);
        drop_agency_dateline(&items, &mention_items, &mut sentences);
        drop_dates_in_place_names(&items, mentions, &mention_items, &date_items, &mut sentences);
        let countries = countries_named(lex, mentions, &items, &mention_items);
        let mut doc = Doc {
            text,
            items,
            analysis,
            mentions,
            mention_items,
            number_items,
            date_items,
            sentences,
            countries,
        };
        doc.countries.by_places = doc.places_counted(lex);
        doc
    }

    /// The country whose towns, districts and provinces the sentences name
    /// most, the first named of equals: a capital that speaks for its
    /// government, a place after ل and an agency's dateline are no places
    /// of the article.
    fn places_counted(&self, lex: &Lexicon) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for m in self.sentences.iter().flat_map(|s| s.mentions.iter().copied()) {
            // "التابع لدمشق", "حزب الحياة الحرة لكردستان": a place after ل
            // names whom something belongs to or is for, not where.
            if !self.is_local_place(lex, m)
                || self.is_capital_speaking(m)
                || self.proclitics(m).contains('ل')
            {
                continue;
            }
            let Some(c) = lex.country_of(self.mention(m).entity()).filter(|c| !c.is_empty()) else {
                continue;
            };
            match counts.iter_mut().find(|w| w.0 == c) {
                Some(w) => w.1 += 1,
                None => counts.push((c.to_string(), 1)),
            }
        }
        counts
    }

    /// True when some country has at least two distinct entities of the
    /// document (say its name and a town): the article is about it.
    pub(crate) fn has_main_country(&self) -> bool {
        self.countries.named.iter().any(|(_, es)| es.len() >= 2)
    }

    /// The country the article is mostly about (see [`Countries::main`]).
    pub(crate) fn article_country(&self) -> Option<&str> {
        self.countries.main.as_deref()
    }

    /// The particles attached before mention `m` ("ب", "ول"): the text
    /// between its token's start and the name's.
    pub(crate) fn proclitics(&self, m: usize) -> &str {
        let mention = self.mention(m);
        &self.text[mention.token_span.start as usize..mention.span.start as usize]
    }

    /// The country whose places the article names most (see
    /// [`Countries::by_places`]).
    pub(crate) fn places_country(&self) -> Option<&str> {
        // `max_by_key` keeps the last of equals; the first named is wanted.
        self.countries.by_places.iter().rev().max_by_key(|w| w.1).map(|w| w.0.as_str())
    }

    /// True when something else in the document belongs to the country of
    /// `e`: a place whose country nothing else points to is often a
    /// homonym or a word misread as a name ("دلي" in a person's name).
    pub(crate) fn country_supported(&self, lex: &Lexicon, e: Entity) -> bool {
        let Some(c) = lex.country_of(e) else { return false };
        self.countries.named.iter().any(|(k, es)| k == c && es.iter().any(|x| *x != e))
    }

    /// True when a word of list `l` (after و/ف/ب/ل/ك) stands in items `from..to`.
    pub(crate) fn has_word(&self, from: usize, to: usize, l: List) -> bool {
        (from..to).any(|i| stem_in(l, self.items[i].norm))
    }

    /// Item `i` is a superlative that compares ("الأعنف منذ", "أكثر
    /// هجوم دموية"), not the qualifier of a figure ("أكثر من 700", read
    /// inside the number).
    pub(crate) fn compares(&self, i: usize) -> bool {
        stem_in(List::Superlatives, self.items[i].norm)
            && !self.number_items.iter().any(|(a, b)| *a <= i && i < *b)
    }

    pub(crate) fn mention(&self, i: usize) -> &EntityMention {
        &self.mentions.entities[i]
    }

    /// "اتهمت موسكو", "وقوف موسكو وراء الهجوم", "واشنطن تطالب": a capital
    /// named as the government that speaks or acts, right after or before
    /// a verb of saying or of a state's dealings ("نفته دمشق"), or as the
    /// government a force is loyal to ("الموالية لباماكو"), not as where
    /// anything happened.
    pub(crate) fn is_capital_speaking(&self, i: usize) -> bool {
        let (a, b) = self.mention_items[i];
        let capital = (a..b).map(|k| self.items[k].norm).collect::<Vec<_>>().join(" ");
        let capital = stem_in(List::Capitals, &capital);
        capital
            && (self.beside_state_verb(i)
                || self.right_after(i, |w| {
                    rasd_text::item::stems(w).any(|(_, w)| has(List::CapitalAgent, w))
                }))
    }

    /// "اتهمت إيران", "وقالت الولايات المتحدة": a country named as the
    /// government that speaks or acts, as [`Doc::is_capital_speaking`] reads
    /// a capital: it is no country of the event.
    pub(crate) fn is_country_speaking(&self, lex: &Lexicon, i: usize) -> bool {
        if !self.is_country(lex, i) {
            return false;
        }
        // "اتهمت إيران الولايات المتحدة": the country accused right after
        // the one that speaks is no place either.
        let a = self.mention_items[i].0;
        let after_speaker = self.mention_items.iter().enumerate().any(|(j, &(_, b))| {
            j != i && b == a && self.is_country(lex, j) && self.beside_state_verb(j)
        });
        after_speaker || self.beside_state_verb(i)
    }

    /// A verb of saying, of a state's dealings or of allegiance right before
    /// or after mention `i`.
    fn beside_state_verb(&self, i: usize) -> bool {
        self.beside(i, |w| {
            rasd_text::item::stems(w).any(|(_, w)| {
                has(List::Reporting, w) || has(List::StateVerbs, w) || has(List::Allegiance, w)
            })
        })
    }

    /// A word `is_verb` accepts (or one with an object pronoun) right
    /// before or after mention `i`, within its sentence.
    fn beside(&self, i: usize, is_verb: impl Fn(&str) -> bool) -> bool {
        let (a, b) = self.mention_items[i];
        let (before, after) = self.next_to(a, b, is_verb);
        before || after
    }

    /// Mention `i` comes right after a word `is_verb` accepts ("شنت
    /// موسكو", "سلوك موسكو"), within its sentence.
    fn right_after(&self, i: usize, is_verb: impl Fn(&str) -> bool) -> bool {
        let (a, b) = self.mention_items[i];
        self.next_to(a, b, is_verb).0
    }

    /// Whether the word before items `a..b`, and the word after them, in
    /// their sentence, are words `is_verb` accepts (or one of them with an
    /// object pronoun).
    fn next_to(&self, a: usize, b: usize, is_verb: impl Fn(&str) -> bool) -> (bool, bool) {
        // "وهو ما نفته دمشق": a verb with an object pronoun.
        let verb = |k: usize| {
            let w = self.items[k].norm;
            is_verb(w)
                || ["ه", "ها", "هم"].iter().any(|p| {
                    w.strip_suffix(p).is_some_and(|v| v.chars().count() >= 3 && is_verb(v))
                })
        };
        // Within the mention's sentence: a headline's last word is not
        // beside the body's first verb.
        let si = self.sentences.partition_point(|s| s.end <= a);
        let (start, end) =
            self.sentences.get(si).map_or((0, self.items.len()), |s| (s.start, s.end));
        (a > start && verb(a - 1), b < end && verb(b))
    }

    /// True for a place mention naming a place below country level.
    pub(crate) fn is_local_place(&self, lex: &Lexicon, i: usize) -> bool {
        let m = self.mention(i);
        m.kind == MentionKind::Place
            && matches!(m.entity(), Entity::Place(p) if lex.places[p as usize].kind != rasd_lexicon::PlaceKind::Country)
    }

    /// True for a country mention.
    pub(crate) fn is_country(&self, lex: &Lexicon, i: usize) -> bool {
        let m = self.mention(i);
        matches!(m.entity(), Entity::Place(p) if lex.places[p as usize].kind == rasd_lexicon::PlaceKind::Country)
    }
}

/// "سوق الخميس", "وادي الخميس": a weekday or date inside a place's name,
/// known to the gazetteer or after a noun of places (list
/// `toponym_heads`), dates nothing.
fn drop_dates_in_place_names(
    items: &[Item<'_>],
    mentions: &Mentions,
    mention_items: &[(usize, usize)],
    date_items: &[(usize, usize)],
    sentences: &mut [Sentence],
) {
    for s in sentences {
        let places: Vec<(usize, usize)> = s
            .mentions
            .iter()
            .filter(|m| matches!(mentions.entities[**m].entity(), Entity::Place(_)))
            .map(|m| mention_items[*m])
            .collect();
        s.dates.retain(|d| {
            let (a, b) = date_items[*d];
            let named = a > 0 && b == a + 1 && stem_in(List::ToponymHeads, items[a - 1].norm);
            !named && !places.iter().any(|&(pa, pb)| pa <= a && b <= pb)
        });
    }
}

/// "دبي، الإمارات العربية المتحدة (CNN)--": a bureau, not where anything
/// happened. The names in a dateline that ends in an agency's name are
/// dropped from the first body sentence.
fn drop_agency_dateline(
    items: &[Item<'_>],
    mention_items: &[(usize, usize)],
    sentences: &mut [Sentence],
) {
    let Some(s) = sentences.iter_mut().find(|s| !s.in_title) else { return };
    let starts_with_place = s.mentions.iter().any(|m| mention_items[*m].0 == s.start);
    if !starts_with_place {
        return;
    }
    let window = (s.start + 10).min(s.end);
    let agency = (s.start + 1..window)
        .find(|i| items[i - 1].norm == "(" && has(List::Agencies, &items[*i].norm.to_lowercase()));
    if let Some(a) = agency {
        s.mentions.retain(|m| mention_items[*m].0 > a);
    }
}

/// Longest line, in words, that may be a linked article's headline.
const LINK_LINE_WORDS: usize = 16;

fn mark_link_lines(items: &[Item<'_>], sentences: &mut [Sentence]) {
    let mut body_seen = false;
    for k in 0..sentences.len() {
        let s = &sentences[k];
        let alone = (k == 0 || sentences[k - 1].paragraph != s.paragraph)
            && sentences.get(k + 1).is_none_or(|n| n.paragraph != s.paragraph);
        let last = items[s.start..s.end].last();
        let stops = last.is_some_and(|it| {
            it.kind == TokenKind::Punct
                && matches!(it.norm, "." | "!" | "?" | "؟" | "\"" | "»" | ":" | "،" | "," | ")")
        });
        let words = items[s.start..s.end].iter().filter(|it| it.kind == TokenKind::Word).count();
        let link = body_seen && !s.in_title && alone && !stops && words <= LINK_LINE_WORDS;
        if !s.in_title && !link && stops {
            body_seen = true;
        }
        sentences[k].link_line = link;
    }
}

/// "هاجم مسلحون", "مسلحون هاجموا": an attack by gunmen is an armed assault.
fn by_gunmen(items: &[Item<'_>], mut t: Trigger, end: usize) -> Trigger {
    let is_gunmen = |i: usize| stem_in(List::Gunmen, items[i].norm);
    if t.info.ty == rasd_core::EventType::Attack
        && !t.info.plural
        && ((t.end < end && is_gunmen(t.end)) || (t.at > 0 && is_gunmen(t.at - 1)))
    {
        t.info.ty = rasd_core::EventType::ArmedAssault;
        t.info.strong = true;
    }
    t
}

/// "قصفت طائرات التحالف", "قصف الطيران الحربي": a bare bombardment by
/// aircraft named beside it is an air strike, not shelling.
fn by_aircraft(items: &[Item<'_>], mut t: Trigger, start: usize, end: usize) -> Trigger {
    let is_aircraft = |i: usize| stem_in(List::Aircraft, items[i].norm);
    let bare = t.end - t.at == 1 && stem_in(List::Bombardment, items[t.at].norm);
    if t.info.ty == rasd_core::EventType::Shelling && bare && (start..end).any(is_aircraft) {
        t.info.ty = rasd_core::EventType::AirStrike;
    }
    t.bare = bare && t.info.ty == rasd_core::EventType::Shelling;
    t
}

/// "اشتباكات بين متظاهرين وقوات الأمن", "مواجهات لدى تظاهر الآلاف": a
/// clash with protesters within a few words of it is an assault on them
/// (the guidelines' clash is between two organised armed sides).
fn on_protesters(items: &[Item<'_>], mut t: Trigger, start: usize, end: usize) -> Trigger {
    const NEAR: usize = 6;
    let near = || {
        (t.at.saturating_sub(NEAR).max(start)..(t.end + NEAR).min(end))
            .any(|i| stem_in(List::Protest, items[i].norm))
    };
    if t.info.ty == rasd_core::EventType::ArmedClash && near() {
        t.info.ty = rasd_core::EventType::ArmedAssault;
    }
    t
}

/// "ردا على إطلاق أربع قذائف", "انتقاما لمقتل": a trigger a few words
/// after a word of answering names the attack answered, not the method of
/// the one told.
fn in_response(items: &[Item<'_>], mut t: Trigger, s: usize) -> Trigger {
    const NEAR: usize = 5;
    t.response =
        (t.at.saturating_sub(NEAR).max(s)..t.at).any(|i| stem_in(List::Response, items[i].norm));
    t
}

/// "فجرت" before a time word is "at dawn", not "blew up".
fn is_dawn(items: &[Item<'_>], t: &Trigger) -> bool {
    let w = items[t.at].norm;
    (w.ends_with("فجرا") || w == "فجر") && t.end - t.at == 1
}

/// "طعن في الحكم", "قدم طعنا": an appeal in court, not a stabbing.
fn is_appeal(items: &[Item<'_>], t: &Trigger, s: usize, e: usize) -> bool {
    let w = items[t.at].norm;
    let w = rasd_text::item::stems(w).last().map(|(_, x)| x).unwrap_or(w);
    if !matches!(w, "طعن" | "الطعن" | "طعنا") {
        return false;
    }
    let near = |i: usize| stem_in(List::Appeal, items[i].norm);
    (t.end..(t.end + 3).min(e)).any(near) || (t.at.saturating_sub(2).max(s)..t.at).any(near)
}

/// "قاذفات قنابل", "منصات صواريخ": a weapon named, not an event.
fn is_weapon(items: &[Item<'_>], t: &Trigger, s: usize) -> bool {
    t.at > s && stem_in(List::Weapon, items[t.at - 1].norm)
}

/// "قنابل الغاز المسيل للدموع", "قنابل صوتية": a bomb word that a
/// crowd-control word follows within two words is tear gas or a stun
/// grenade thrown at a crowd, not a bombing.
fn is_crowd_control(items: &[Item<'_>], t: &Trigger, e: usize) -> bool {
    t.info.ty == rasd_core::EventType::Bombing
        && (t.end..(t.end + 2).min(e)).any(|i| stem_in(List::CrowdControl, items[i].norm))
}

/// "وليس عن هجوم انتحاري": a method the article rules out; "وقف إطلاق
/// النار": a ceasefire, not a shooting.
fn is_negated(items: &[Item<'_>], t: &Trigger, s: usize) -> bool {
    (t.at.saturating_sub(2).max(s)..t.at).any(|i| stem_in(List::RuledOut, items[i].norm))
}

/// For each sentence's item range (in order, not overlapping), the indices
/// of the mentions (numbers, dates) whose first item lies in it, in order.
/// One pass with a binary search each: a filter over every mention for
/// every sentence made long, event-dense texts quadratic.
fn by_range(ranges: &[(usize, usize)], items: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); ranges.len()];
    for (i, r) in items.iter().enumerate() {
        let k = ranges.partition_point(|(s, _)| *s <= r.0);
        if k > 0 && r.0 < ranges[k - 1].1 {
            out[k - 1].push(i);
        }
    }
    out
}
