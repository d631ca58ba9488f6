// Migration 3: per-project saved state of the screens (user_version 2 -> 3). Released: never edit.

export const name = 'saved screen state per project'

// Things a person set up or computed and expects to find again when they come back: the last
// compare report, the export dialog's choices. One JSON document per key; the project file is
// the project, so this travels with it (unlike app settings in the data folder).
export const sql = `CREATE TABLE saved_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  saved_at TEXT NOT NULL
);`
