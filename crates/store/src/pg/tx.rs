//! A transaction with the statements its connection has prepared, and
//! the values a query built at run time binds.

use super::*;

/// A transaction with the connection's prepared statements.
pub(super) struct Tx<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) statements: &'a mut HashMap<String, Statement>,
    pub(super) name: &'a str,
}

pub(super) type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl Tx<'_> {
    pub(super) fn err(&self, e: &postgres::Error) -> StoreError {
        classify(self.name, e)
    }

    pub(super) fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        // Filters make a statement per combination of their fields: the
        // cache is bounded, and starts again when full.
        if self.statements.len() >= MAX_STATEMENTS {
            self.statements.clear();
        }
        let s = self.tx.prepare(sql).map_err(|e| classify(self.name, &e))?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    pub(super) fn query(&mut self, sql: &str, params: Params) -> Result<Vec<Row>> {
        let s = self.statement(sql)?;
        self.tx.query(&s, params).map_err(|e| self.err(&e))
    }

    pub(super) fn one(&mut self, sql: &str, params: Params) -> Result<Row> {
        let s = self.statement(sql)?;
        self.tx.query_one(&s, params).map_err(|e| self.err(&e))
    }

    pub(super) fn opt(&mut self, sql: &str, params: Params) -> Result<Option<Row>> {
        let s = self.statement(sql)?;
        self.tx.query_opt(&s, params).map_err(|e| self.err(&e))
    }

    pub(super) fn exec(&mut self, sql: &str, params: Params) -> Result<u64> {
        let s = self.statement(sql)?;
        self.tx.execute(&s, params).map_err(|e| self.err(&e))
    }

    /// A query built at run time (filters): prepared once per text.
    pub(super) fn dynamic(&mut self, sql: &str, params: &Values) -> Result<Vec<Row>> {
        let refs = params.refs();
        self.query(sql, &refs)
    }
}

/// Values bound to a query built at run time, numbered as they are added.
#[derive(Default)]
pub(super) struct Values(Vec<Box<dyn ToSql + Sync + Send>>);

impl Values {
    /// Adds a value; returns its placeholder (`$n`).
    pub(super) fn add(&mut self, v: impl ToSql + Sync + Send + 'static) -> String {
        self.0.push(Box::new(v));
        format!("${}", self.0.len())
    }

    pub(super) fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|b| b.as_ref() as &(dyn ToSql + Sync)).collect()
    }
}

pub(super) fn count(v: Option<i64>) -> Option<u32> {
    v.and_then(|n| u32::try_from(n).ok())
}
