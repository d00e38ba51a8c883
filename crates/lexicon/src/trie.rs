//! A trie over words of the match form: names of one or more words, looked
//! up word by word as the text is read, so matching is linear in the text.

use rustc_hash::FxHashMap;

use crate::Entry;

/// Interned words and the transitions between trie nodes.
#[derive(Default)]
pub(crate) struct Trie {
    words: FxHashMap<Box<str>, u32>,
    edges: FxHashMap<(u32, u32), u32>,
    /// Entries of each node; node 0 is the root.
    entries: Vec<Vec<Entry>>,
}

impl Trie {
    pub(crate) fn new() -> Trie {
        Trie { entries: vec![Vec::new()], ..Trie::default() }
    }

    fn word_id(&mut self, w: &str) -> u32 {
        if let Some(id) = self.words.get(w) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.words.insert(w.into(), id);
        id
    }

    /// Adds `entry` under the name made of `words` (match form).
    pub(crate) fn insert<'w>(&mut self, words: impl Iterator<Item = &'w str>, entry: Entry) {
        let mut node = 0u32;
        for w in words {
            let wid = self.word_id(w);
            node = match self.edges.get(&(node, wid)) {
                Some(n) => *n,
                None => {
                    let n = self.entries.len() as u32;
                    self.entries.push(Vec::new());
                    self.edges.insert((node, wid), n);
                    n
                }
            };
        }
        if node != 0 && !self.entries[node as usize].contains(&entry) {
            self.entries[node as usize].push(entry);
        }
    }

    /// The node reached from `node` by the word `w`.
    #[inline]
    pub(crate) fn step(&self, node: u32, w: &str) -> Option<u32> {
        let wid = self.words.get(w)?;
        self.edges.get(&(node, *wid)).copied()
    }

    /// The entries named by the path to `node`.
    #[inline]
    pub(crate) fn entries(&self, node: u32) -> &[Entry] {
        &self.entries[node as usize]
    }

    /// The entries of the single-word name `w`.
    pub(crate) fn lookup_word(&self, w: &str) -> &[Entry] {
        self.step(0, w).map(|n| self.entries(n)).unwrap_or(&[])
    }

    pub(crate) fn n_nodes(&self) -> usize {
        self.entries.len()
    }
}
