//! Full-text search over the articles, with an Arabic analyzer.
//!
//! Words are normalised with the *search* profile (hamza seats, ة/ه, ى/ي,
//! diacritics, Latin case) and indexed, at the word's one position, as
//! written and as every reading of the word without its proclitics (و، ف، ب، ك، ل، ال) plus the
//! base of a relative adjective (الكابولية → كابول). Stems that are not
//! words (بغداد read as ب + غداد) are indexed too but cost nothing: nobody
//! searches for غداد. So a search for كابول finds بكابول, وكابول and
//! الكابولية; a search for التفجير finds تفجير.
//!
//! The index lives in a folder beside the database and records in its
//! commit the change number ([`crate::Store::last_seq`]) it has reached;
//! [`SearchIndex::catch_up`] indexes whatever the database holds beyond
//! that, so an index lost or left behind by a crash is rebuilt from the
//! database, never the other way round.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use rasd_core::Span;
use rasd_text::normalize::{Profile, normalize};
use rasd_text::segment::{TokenKind, best_split, clitic_splits, tokenize};
use rustc_hash::FxHashMap;
use tantivy::collector::{FilterCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::{Result, Store, StoreError};

/// Every searchable form of the word at `span`: the word, and each stem
/// left when proclitics are taken off, with and without a nisba ending.
pub fn forms(text: &str, span: Span) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(4);
    for split in clitic_splits(text, span) {
        let stem = normalize(split.stem.of(text), Profile::Search);
        if let Some(base) = nisba_base(&stem) {
            push_unique(&mut out, base);
        }
        push_unique(&mut out, stem);
    }
    out
}

fn push_unique(out: &mut Vec<String>, s: String) {
    if !s.is_empty() && !out.contains(&s) {
        out.push(s);
    }
}

/// The noun a relative adjective is made from: كابوليه → كابول, كابولي →
/// كابول, when at least four letters remain.
fn nisba_base(stem: &str) -> Option<String> {
    let chars: Vec<char> = stem.chars().collect();
    let cut = if chars.ends_with(&['ي', 'ه'])
        || chars.ends_with(&['ي', 'ي', 'ن'])
        || chars.ends_with(&['ي', 'و', 'ن'])
    {
        if chars.ends_with(&['ي', 'ه']) { 2 } else { 3 }
    } else if chars.ends_with(&['ي']) {
        1
    } else {
        return None;
    };
    (chars.len() >= cut + 4).then(|| chars[..chars.len() - cut].iter().collect())
}

/// The forms a query word looks for: as typed, and its most likely stem.
fn query_forms(word: &str) -> Vec<String> {
    let span = Span::new(0, word.len());
    let mut out = vec![normalize(word, Profile::Search)];
    let stem = normalize(best_split(word, span).stem.of(word), Profile::Search);
    if let Some(base) = nisba_base(&stem) {
        push_unique(&mut out, base);
    }
    push_unique(&mut out, stem);
    out
}

/// The most words whose forms an indexing thread keeps (a few MB); the
/// table starts again when full, so memory does not grow with the
/// archive's vocabulary.
const MAX_ANALYSED_WORDS: usize = 20_000;

/// A word's searchable forms, shared by the table and the token streams
/// that give them.
type Forms = Rc<[String]>;

thread_local! {
    /// The forms of the words this thread's analyzer has met, by the word
    /// as written: the surface field's (0) and the stem field's (1).
    static FORMS: RefCell<[FxHashMap<Box<str>, Forms>; 2]> = RefCell::default();
}

/// The analyzer, as a tantivy tokenizer: `stems` selects the stem field's
/// analysis (several forms at one position) over the surface form.
#[derive(Clone)]
struct Analyzer {
    stems: bool,
}

/// An article's tokens: each word's span and forms, given one form at a
/// time through a single [`Token`] whose text is overwritten, so that a
/// token costs a copy of its letters and no allocation.
struct Stream {
    /// (start, end, forms) of each word, in order; its index is its
    /// position.
    words: Vec<(usize, usize, Forms)>,
    word: usize,
    form: usize,
    token: Token,
}

impl Tokenizer for Analyzer {
    type TokenStream<'a> = Stream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Stream {
        let mut words = Vec::new();
        // A word's forms depend on its letters alone, and the news repeats
        // most of its words, within an article and across articles: each
        // is analysed once per indexing thread while the thread's table
        // has room.
        FORMS.with_borrow_mut(|seen| {
            for t in tokenize(text) {
                if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
                    continue;
                }
                let (from, to) = (t.span.start as usize, t.span.end as usize);
                let stems = self.stems && t.kind == TokenKind::Word;
                let word = &text[from..to];
                let seen = &mut seen[usize::from(stems)];
                // One look-up for a word met before (most of them).
                let ws = match seen.get(word) {
                    Some(ws) => ws.clone(),
                    None => {
                        let ws: Forms = if stems {
                            forms(text, t.span).into()
                        } else {
                            vec![normalize(word, Profile::Search)].into()
                        };
                        if seen.len() >= MAX_ANALYSED_WORDS {
                            seen.clear();
                        }
                        seen.insert(word.into(), ws.clone());
                        ws
                    }
                };
                words.push((from, to, ws));
            }
        });
        Stream { words, word: 0, form: 0, token: Token::default() }
    }
}

impl TokenStream for Stream {
    fn advance(&mut self) -> bool {
        // The next form of this word, else the first of the next word that
        // has one (a word without forms keeps its position).
        while let Some((from, to, ws)) = self.words.get(self.word) {
            if let Some(f) = ws.get(self.form) {
                let t = &mut self.token;
                t.offset_from = *from;
                t.offset_to = *to;
                t.position = self.word;
                t.position_length = 1;
                t.text.clear();
                t.text.push_str(f);
                self.form += 1;
                return true;
            }
            self.word += 1;
            self.form = 0;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// One article found.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Hit {
    /// The database's id of the article.
    pub doc: i64,
    /// Relevance (BM25).
    pub score: f32,
}

/// A passage of an article around the words searched for.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Snippet {
    /// The passage, as written.
    pub text: String,
    /// The words found, as byte ranges of `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// A parsed query: words, each with the forms it looks for.
#[derive(Clone, Debug)]
pub struct ParsedQuery {
    words: Vec<Vec<String>>,
}

impl ParsedQuery {
    /// Splits a query into words. Punctuation and quotes are ignored: every
    /// word must occur, and words next to each other rank higher.
    pub fn parse(q: &str) -> Result<ParsedQuery> {
        let words: Vec<Vec<String>> = tokenize(q)
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .map(|t| query_forms(t.span.of(q)))
            .collect();
        if words.is_empty() {
            return Err(StoreError::Invalid(format!("the query {q:?} has no words to search for")));
        }
        Ok(ParsedQuery { words })
    }

    fn all_forms(&self) -> HashSet<&str> {
        self.words.iter().flatten().map(String::as_str).collect()
    }
}

/// The tantivy index of a database's articles.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    id: Field,
    stem: Field,
    path: PathBuf,
    /// The writer of an ingest's steps, kept open from one to the next.
    open: Option<Feeding>,
}

/// A writer kept open between [`SearchIndex::feed`]s: what it has taken,
/// committed or not.
struct Feeding {
    writer: IndexWriter,
    /// The change number of the last article added.
    seq: i64,
    /// The highest article id in the index or added since it was opened.
    indexed_max: u64,
    /// Articles added since the last commit.
    uncommitted: usize,
}

/// How many articles are indexed between commits: one segment of an
/// ingest (about what [`INDEX_BUDGET`] holds), committed when the
/// articles added since the last commit reach it, whether they came in one
/// catch-up or in many feeds.
const COMMIT_EVERY: usize = 10_000;

/// tantivy's indexing threads and their memory, all told. One thread:
/// the ingest's extractors keep every core busy, so a second thread
/// makes the index no sooner and costs a second memory arena and twice
/// the segments, hence more merges (indexing the bench year alone: 5.6–6.0
/// s of CPU with one thread and 48 MB, 6.9 s with two and 96 MB; the
/// ingest's peak about 25 MB lower). 48 MB hold about 10,000 articles,
/// one step of `rasd ingest`, in one segment.
const INDEX_THREADS: usize = 1;
const INDEX_BUDGET: usize = 48_000_000;

/// Segments of more articles than this are not merged again, so no merge
/// reads more than about [`MERGE_SEGMENTS`] times this many articles,
/// however large the index: without a bound the last merges of a long
/// ingest read the whole index, and memory grew with the archive. It is
/// above the size of the segment an ingest's step makes (about 10,000
/// articles with one thread and [`INDEX_BUDGET`]) and below a merged
/// one's, so each article is merged once, and an archive of a million
/// articles is a few dozen segments, which a search reads in turn (at
/// 10,000, steps' segments a little above it were never merged, and a
/// million articles would have made about a hundred).
const MAX_MERGED_DOCS: usize = 20_000;

/// How many segments a merge takes at once: four steps' segments, about
/// 40,000 articles. A merge maps every segment it reads, and those pages
/// count in the ingest's memory: with tantivy's eight, the merges of a
/// long ingest held 110 MB of mapped files against 18 MB for a year of
/// news, which made none; with four, 65–66 MB at three and ten years and
/// up to 53 MB at one (whose three steps and last catch-up can now make
/// one merge). Every
/// article is still merged once, so the CPU is the same; ten years of
/// news were 8 segments against 6, and a million articles would be about
/// 25 instead of 16.
const MERGE_SEGMENTS: usize = 4;

/// Segments smaller than this count as this size when merges group
/// segments of like size. tantivy's default, 10,000, put every segment
/// below a step's in the steps' group, so the few articles of an ingest's
/// last commit (or of a monitor's poll) made a fourth segment beside three
/// steps' and had all of them merged again: the bench year's ingest ended
/// with a merge of its 30,000 articles, 0.9 s on one core while the other
/// had nothing left to do. Grouped by their own size, small segments are
/// merged with small ones, and each step's articles still once with the
/// other steps'.
const MIN_LAYER_DOCS: u32 = 1_000;

impl SearchIndex {
    /// Opens the index in `dir`, creating it when absent.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let path = dir.to_path_buf();
        let err = |e: &dyn std::fmt::Display| StoreError::Index {
            path: path.display().to_string(),
            detail: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
        let mut b = Schema::builder();
        let id = b.add_u64_field("id", INDEXED | STORED | FAST);
        let opts = |tok: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tok)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let stem = b.add_text_field("stem", opts("rasd_stem"));
        // Older indexes have this field, so it stays in the schema (an index
        // opens only with the schema it was made with), but nothing fills it
        // any more: no query reads it (the stem field holds every word as
        // written too), and filling it was a third of the cost of indexing.
        b.add_text_field("exact", opts("rasd_exact"));
        let schema = b.build();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(|e| err(&e))?;
        let index = Index::open_or_create(directory, schema).map_err(|e| err(&e))?;
        index.tokenizers().register("rasd_stem", Analyzer { stems: true });
        index.tokenizers().register("rasd_exact", Analyzer { stems: false });
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| err(&e))?;
        Ok(SearchIndex { index, reader, id, stem, path, open: None })
    }

    fn err(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::Index { path: self.path.display().to_string(), detail: e.to_string() }
    }

    /// The change number the index has reached.
    pub fn indexed_seq(&self) -> Result<i64> {
        let metas = self.index.load_metas().map_err(|e| self.err(e))?;
        Ok(metas.payload.and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    /// Indexes every article stored or changed since the index's last
    /// commit, commits and waits for the merges. Returns how many were
    /// indexed.
    pub fn catch_up(&mut self, store: &dyn Store) -> Result<usize> {
        let n = self.feed(store)?;
        self.finish()?;
        Ok(n)
    }

    /// Adds every article stored or changed since the last one added,
    /// committing each `COMMIT_EVERY` (10,000) articles (and waiting for the
    /// merges a commit starts), and keeps the writer open for the next
    /// feed: an ingest feeds the index in small steps as it
    /// stores, so that little is left to index when it ends, and the
    /// segments are as large as before. What is not committed yet is not
    /// searchable; [`SearchIndex::finish`] (or [`SearchIndex::catch_up`])
    /// commits it. A failure drops the writer and what it had not
    /// committed, which the next catch-up indexes again from the last
    /// commit.
    pub fn feed(&mut self, store: &dyn Store) -> Result<usize> {
        let mut f = match self.open.take() {
            Some(f) => f,
            None => {
                let seq = self.indexed_seq()?;
                if store.last_seq()? <= seq {
                    return Ok(0);
                }
                self.start(seq)?
            }
        };
        let mut n = 0;
        loop {
            let docs = store.changed_since(f.seq, 2_000)?;
            let Some(last) = docs.last() else { break };
            let last = last.seq;
            for d in docs {
                if d.id as u64 <= f.indexed_max {
                    f.writer.delete_term(Term::from_field_u64(self.id, d.id as u64));
                }
                let mut doc = TantivyDocument::default();
                doc.add_u64(self.id, d.id as u64);
                doc.add_text(self.stem, &d.text);
                f.writer.add_document(doc).map_err(|e| self.err(e))?;
                // The writer may correct this article while the pages are
                // read (a new seq brings it back in a later page): that
                // copy must take this one's place, not join it.
                f.indexed_max = f.indexed_max.max(d.id as u64);
                n += 1;
                f.uncommitted += 1;
            }
            f.seq = last;
            if f.uncommitted >= COMMIT_EVERY {
                // The segment is committed and the merges it starts are
                // waited for before more articles come in: a merge beside
                // an arena filling up held both in memory (a ten-year
                // ingest peaked at 233 MB, one year at 189 MB).
                let seq = f.seq;
                self.open = Some(f);
                self.finish()?;
                f = self.start(seq)?;
            }
        }
        self.open = Some(f);
        Ok(n)
    }

    /// Commits what the open writer has taken, waits for its merges and
    /// closes it; nothing when no writer is open.
    pub fn finish(&mut self) -> Result<()> {
        let Some(mut f) = self.open.take() else { return Ok(()) };
        if f.uncommitted > 0 {
            commit(&mut f.writer, f.seq).map_err(|e| self.err(e))?;
        }
        f.writer.wait_merging_threads().map_err(|e| self.err(e))?;
        self.reader.reload().map_err(|e| self.err(e))
    }

    /// Opens the writer, which holds the index's lock, to add the articles
    /// after change number `seq`.
    fn start(&mut self, seq: i64) -> Result<Feeding> {
        let writer = self.index.writer_with_num_threads(INDEX_THREADS, INDEX_BUDGET);
        let writer: IndexWriter = writer.map_err(|e| {
            if matches!(e, tantivy::TantivyError::LockFailure(..)) {
                StoreError::IndexBusy { path: self.path.display().to_string() }
            } else {
                self.err(e)
            }
        })?;
        writer.set_merge_policy(Box::new(merge_policy()));
        // An article whose id is above every id indexed (before or in
        // this writer's time) is new: only the others (corrected texts) can
        // have an older copy to delete, and a delete costs a look-up in
        // every segment at each commit.
        self.reader.reload().map_err(|e| self.err(e))?;
        let mut indexed_max = 0u64;
        for r in self.reader.searcher().segment_readers() {
            indexed_max = match r.fast_fields().u64("id") {
                Ok(ids) => indexed_max.max(ids.max_value()),
                Err(_) => u64::MAX,
            };
        }
        Ok(Feeding { writer, seq, indexed_max, uncommitted: 0 })
    }

    /// Articles matching every word of the query, best first; `only`
    /// restricts them to a set of article ids.
    pub fn search(
        &self,
        q: &ParsedQuery,
        only: Option<&[i64]>,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<Hit>, usize)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for forms in &q.words {
            let any: Vec<(Occur, Box<dyn Query>)> = forms
                .iter()
                .map(|f| {
                    let t = Term::from_field_text(self.stem, f);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Box<dyn Query>,
                    )
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if q.words.len() > 1 {
            let terms: Vec<Term> = q
                .words
                .iter()
                .map(|f| Term::from_field_text(self.stem, f.last().expect("a form")))
                .collect();
            let phrase = PhraseQuery::new(terms);
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(phrase), 2.0))));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let collect = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let counted = |top: Vec<(f32, tantivy::DocAddress)>| -> Result<Vec<Hit>> {
            top.into_iter()
                .map(|(score, addr)| {
                    let d: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
                    let id = d.get_first(self.id).and_then(|v| v.as_u64()).unwrap_or(0);
                    Ok(Hit { doc: id as i64, score })
                })
                .collect()
        };
        match only {
            None => {
                let (top, total) = searcher
                    .search(&query, &(collect, tantivy::collector::Count))
                    .map_err(|e| self.err(e))?;
                Ok((counted(top)?, total))
            }
            Some(ids) => {
                let set: Arc<HashSet<u64>> = Arc::new(ids.iter().map(|i| *i as u64).collect());
                let s2 = set.clone();
                let filtered =
                    FilterCollector::new("id".to_string(), move |v: u64| set.contains(&v), collect);
                let count = FilterCollector::new(
                    "id".to_string(),
                    move |v: u64| s2.contains(&v),
                    tantivy::collector::Count,
                );
                let (top, total) =
                    searcher.search(&query, &(filtered, count)).map_err(|e| self.err(e))?;
                Ok((counted(top)?, total))
            }
        }
    }

    /// Sees what another process committed to the index since it was
    /// opened.
    pub fn refresh(&self) -> Result<()> {
        self.reader.reload().map_err(|e| self.err(e))
    }
}

/// How segments are merged: see [`MAX_MERGED_DOCS`], [`MERGE_SEGMENTS`]
/// and [`MIN_LAYER_DOCS`].
fn merge_policy() -> tantivy::merge_policy::LogMergePolicy {
    let mut policy = tantivy::merge_policy::LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_MERGED_DOCS);
    policy.set_min_num_segments(MERGE_SEGMENTS);
    policy.set_min_layer_size(MIN_LAYER_DOCS);
    policy
}

fn commit(writer: &mut IndexWriter, seq: i64) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&seq.to_string());
    prepared.commit()?;
    Ok(())
}

/// The passage of `text` with the most of the query's words (about
/// `width` words), with those words marked.
pub fn snippet(text: &str, q: &ParsedQuery, width: usize) -> Snippet {
    let wanted = q.all_forms();
    let words: Vec<(Span, bool)> = tokenize(text)
        .into_iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|t| {
            let hit = if t.kind == TokenKind::Word {
                forms(text, t.span).iter().any(|f| wanted.contains(f.as_str()))
            } else {
                wanted.contains(normalize(t.span.of(text), Profile::Search).as_str())
            };
            (t.span, hit)
        })
        .collect();
    if words.is_empty() {
        return Snippet { text: String::new(), highlights: vec![] };
    }
    let width = width.max(1).min(words.len());
    let mut best = (0, 0);
    let mut hits = words[..width].iter().filter(|w| w.1).count();
    best.1 = hits;
    for start in 1..=words.len() - width {
        hits = hits + usize::from(words[start + width - 1].1) - usize::from(words[start - 1].1);
        if hits > best.1 {
            best = (start, hits);
        }
    }
    // Start a few words before the first hit when the window allows.
    let window = &words[best.0..best.0 + width];
    let from = window.first().expect("a word").0.start as usize;
    let to = window.last().expect("a word").0.end as usize;
    let passage = &text[from..to];
    let highlights = window
        .iter()
        .filter(|w| w.1)
        .map(|w| [w.0.start as usize - from, w.0.end as usize - from])
        .collect();
    Snippet { text: passage.replace('\n', " "), highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms_of(w: &str) -> Vec<String> {
        forms(w, Span::new(0, w.len()))
    }

    /// Every token the analyzer gives for a text, as (form, position,
    /// offsets).
    fn tokens(stems: bool, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut a = Analyzer { stems };
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            let t = s.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    /// The words an indexing thread keeps from earlier articles give the
    /// tokens a thread that never saw them gives, field by field.
    #[test]
    fn kept_words_give_the_tokens_of_a_fresh_analysis() {
        let first = "انفجار في بكابول وقتل 5 من الكابوليين، وانفجار آخر في كابول";
        let second = "قتل 7 في انفجار بكابول و2 في الكابولية، والانفجار الثاني";
        let fresh = |stems| std::thread::spawn(move || tokens(stems, second)).join().unwrap();
        let (with_stems, without) = (fresh(true), fresh(false));
        assert!(with_stems.len() > without.len(), "the stem field has more forms");
        std::thread::spawn(move || {
            tokens(true, first);
            tokens(false, first);
            assert_eq!(tokens(true, second), with_stems);
            assert_eq!(tokens(false, second), without);
        })
        .join()
        .unwrap();
    }

    /// The segments an ingest leaves: a step's every 10,000 articles and
    /// a small one for the last few. Four steps' segments make a merge; three
    /// and a small one do not (tantivy's default grouping merged all four
    /// at the end of every ingest of about 30,000 articles); small ones are
    /// merged among themselves; a merged segment is not merged again.
    #[test]
    fn merges_group_segments_of_like_size() {
        use tantivy::index::SegmentId;
        use tantivy::merge_policy::MergePolicy;
        let index = Index::create_in_ram(Schema::builder().build());
        let meta = |n: u32| index.new_segment_meta(SegmentId::generate_random(), n);
        let merges = |sizes: &[u32]| {
            let metas: Vec<_> = sizes.iter().map(|n| meta(*n)).collect();
            let mut out: Vec<Vec<u32>> = merge_policy()
                .compute_merge_candidates(&metas)
                .into_iter()
                .map(|c| {
                    let mut m: Vec<u32> = metas
                        .iter()
                        .filter(|s| c.0.contains(&s.id()))
                        .map(|s| s.max_doc())
                        .collect();
                    m.sort_unstable();
                    m
                })
                .collect();
            out.sort();
            out
        };
        let none: Vec<Vec<u32>> = Vec::new();
        assert_eq!(merges(&[10_000, 10_214, 9_870, 51]), none);
        assert_eq!(
            merges(&[10_000, 10_214, 9_870, 10_030]),
            vec![vec![9_870, 10_000, 10_030, 10_214]]
        );
        assert_eq!(merges(&[10_000, 10_214, 9_870, 51, 40, 300, 12]), vec![vec![12, 40, 51, 300]]);
        assert_eq!(merges(&[40_114, 39_000, 41_000, 40_500]), none);
    }

    #[test]
    fn a_place_is_found_with_its_particles_and_as_an_adjective() {
        assert!(forms_of("بكابول").contains(&"كابول".to_string()));
        assert!(forms_of("وكابول").contains(&"كابول".to_string()));
        assert!(forms_of("الكابولية").contains(&"كابول".to_string()));
        assert!(forms_of("بغداد").contains(&"بغداد".to_string()));
        // The definite article goes; hamza seats fold.
        assert!(forms_of("الانتحاري").contains(&"انتحاري".to_string()));
        assert_eq!(query_forms("إنتحاري")[0], "انتحاري");
        assert!(query_forms("التفجير").contains(&"تفجير".to_string()));
    }

    #[test]
    fn snippet_marks_the_words_found() {
        let text = "قال مسؤول إن الهجوم وقع صباحا. وأسفر التفجير الانتحاري في سوق بكابول عن قتلى.";
        let q = ParsedQuery::parse("تفجير كابول").unwrap();
        let s = snippet(text, &q, 6);
        let marked: Vec<&str> = s.highlights.iter().map(|[a, b]| &s.text[*a..*b]).collect();
        assert_eq!(marked, ["التفجير", "بكابول"]);
    }
}
