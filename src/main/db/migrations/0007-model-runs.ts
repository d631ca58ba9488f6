// Migration 7: what each model's runs in this project measured (user_version 6 -> 7).
// Released once shipped: never edit, add a new migration instead.

export const name = 'model runs'

// "Which model for this dataset" compares images/s measured on this machine: every pre-labelling
// run records how many images it embedded in how many seconds, on which host and provider (a
// project file moves between machines; a rate from another host is not this machine's). Timed
// samples taken when comparing and imports of embeddings made elsewhere (no rate) are runs too.
export const sql = `CREATE TABLE model_runs (
  id INTEGER PRIMARY KEY,
  model_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('prelabel', 'sample', 'import')),
  images INTEGER NOT NULL,
  seconds REAL,
  provider TEXT,
  host TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX model_runs_model ON model_runs(model_id, host, kind);`
