// The team store's schema, as numbered migrations (like the SQLite project file's). Released ones
// are never edited: add a new one. Each runs in the migrating transaction, as the owner role.
//
// Permissions live in the database, not only in the app: annotators (members of zebra_annotator)
// read everything and append decisions under their own role name only; the log refuses UPDATE,
// DELETE and TRUNCATE from anyone (a trigger, which binds the owner too); labels, templates, images
// and the project settings are the owner's alone. Reviewers (zebra_reviewer) may also append
// adjudicated decisions. Leases are handed out by zebra_lease(), which runs as the owner so that an
// annotator cannot write the queue directly.

export interface PgMigration {
  version: number
  name: string
  sql: string
}

const INITIAL = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zebra_annotator') THEN CREATE ROLE zebra_annotator NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zebra_reviewer') THEN CREATE ROLE zebra_reviewer NOLOGIN; END IF;
  -- the groups are shared by every database of the server: CONNECT goes to each member role of
  -- this project (roles.ts), so a member of one team project cannot enter another's database
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE TABLE project (
  id int PRIMARY KEY CHECK (id = 1),
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'single' CHECK (kind IN ('single', 'tags')),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- overlap: this share of the images goes to overlap_k annotators, the rest to one
  overlap_k int NOT NULL DEFAULT 1 CHECK (overlap_k >= 1),
  overlap_fraction real NOT NULL DEFAULT 0 CHECK (overlap_fraction BETWEEN 0 AND 1),
  -- a lease not renewed by activity for this long returns to the queue
  lease_seconds int NOT NULL DEFAULT 900 CHECK (lease_seconds > 0)
);

CREATE TABLE labels (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  descriptions jsonb NOT NULL DEFAULT '[]',
  -- a tags project's negative prompts for the tag
  negatives jsonb NOT NULL DEFAULT '[]',
  color text NOT NULL,
  hotkey text,
  archived boolean NOT NULL DEFAULT false,
  merged_into bigint REFERENCES labels(id)
);

CREATE TABLE template_sets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  templates jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false
);

-- Images by content and place: each annotator's copy is found by hash, else by its folder's name
-- and the path inside it.
CREATE TABLE images (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hash text,
  folder text NOT NULL DEFAULT '',
  rel_path text NOT NULL,
  width int,
  height int,
  -- how many annotators it goes to, and how many hold or have decided it (kept by zebra_lease
  -- and the decisions trigger, so that the queue's test is on the row a lease locks)
  copies int NOT NULL DEFAULT 1 CHECK (copies >= 1),
  holders int NOT NULL DEFAULT 0,
  UNIQUE (folder, rel_path)
);
CREATE INDEX images_hash ON images(hash);
CREATE INDEX images_open ON images(id) WHERE holders < copies;

CREATE TABLE predictions (
  image_id bigint NOT NULL REFERENCES images(id),
  model_id text NOT NULL,
  -- [[labelId, prob], ...] best first, label ids of this database
  topk jsonb NOT NULL,
  PRIMARY KEY (image_id, model_id)
);

CREATE TABLE decisions (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uid uuid NOT NULL UNIQUE,
  batch_uid uuid NOT NULL,
  batch_kind text NOT NULL CHECK (batch_kind IN ('decide', 'bulk', 'import', 'undo', 'redo')),
  annotator text NOT NULL DEFAULT current_user,
  image_id bigint NOT NULL REFERENCES images(id),
  kind text NOT NULL CHECK (kind IN ('accepted', 'corrected', 'rejected', 'skipped', 'unsure', 'revert')),
  label_id bigint REFERENCES labels(id),
  rank int,
  suggestion jsonb,
  at timestamptz NOT NULL,
  revert_of uuid REFERENCES decisions(uid),
  adjudicated boolean NOT NULL DEFAULT false,
  CHECK ((kind = 'revert') = (revert_of IS NOT NULL))
);
CREATE INDEX decisions_image ON decisions(image_id);
CREATE INDEX decisions_annotator ON decisions(annotator, seq);

CREATE TABLE leases (
  image_id bigint NOT NULL REFERENCES images(id),
  annotator text NOT NULL,
  leased_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- decided by this annotator: never handed to them again, never expires
  done boolean NOT NULL DEFAULT false,
  PRIMARY KEY (image_id, annotator)
);
CREATE INDEX leases_expiry ON leases(expires_at) WHERE NOT done;
CREATE INDEX leases_annotator ON leases(annotator) WHERE NOT done;

CREATE FUNCTION zebra_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION 'the decision log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $f$;
CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION zebra_append_only();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions
  FOR EACH STATEMENT EXECUTE FUNCTION zebra_append_only();

-- Every insert into the log holds this lock (shared) from before its rows take their seq until it
-- commits; a pull takes it exclusively, so it never reads past a seq whose row is not committed.
CREATE FUNCTION zebra_log_lock() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('zebra_log'));
  RETURN NULL;
END $f$;
CREATE TRIGGER decisions_log_lock BEFORE INSERT ON decisions
  FOR EACH STATEMENT EXECUTE FUNCTION zebra_log_lock();

-- A decision closes its annotator's lease on the image (or records one, for work done unleased).
CREATE FUNCTION zebra_decided() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $f$
DECLARE fresh boolean;
BEGIN
  IF NEW.kind = 'revert' OR NEW.adjudicated THEN RETURN NULL; END IF;
  INSERT INTO leases (image_id, annotator, expires_at, done) VALUES (NEW.image_id, NEW.annotator, now(), true)
    ON CONFLICT (image_id, annotator) DO UPDATE SET done = true
    RETURNING (xmax = 0) INTO fresh;
  IF fresh THEN UPDATE images SET holders = holders + 1 WHERE id = NEW.image_id; END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER decisions_close_lease AFTER INSERT ON decisions
  FOR EACH ROW EXECUTE FUNCTION zebra_decided();

-- Deciding is activity: it renews the deciding annotators' other leases.
CREATE FUNCTION zebra_renew() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $f$
BEGIN
  -- the same per-annotator lock as zebra_lease: the two never update one annotator's leases at once
  PERFORM pg_advisory_xact_lock(hashtext('zebra_lease:' || a.annotator))
     FROM (SELECT DISTINCT annotator FROM added ORDER BY annotator) a;
  UPDATE leases l SET expires_at = now() + make_interval(secs => (SELECT lease_seconds FROM project))
    FROM (SELECT DISTINCT annotator FROM added) a
   WHERE l.annotator = a.annotator AND NOT l.done;
  RETURN NULL;
END $f$;
CREATE TRIGGER decisions_renew_leases AFTER INSERT ON decisions REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION zebra_renew();

CREATE FUNCTION zebra_lease(p_annotator text, p_n int) RETURNS SETOF bigint LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE ttl interval;
BEGIN
  IF p_annotator IS DISTINCT FROM session_user::text
     AND NOT pg_has_role(session_user, (SELECT value FROM zebra_meta WHERE key = 'owner'), 'MEMBER') THEN
    RAISE EXCEPTION 'an annotator leases images only for themselves' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- one hand-out at a time per annotator; different annotators run side by side
  PERFORM pg_advisory_xact_lock(hashtext('zebra_lease:' || p_annotator));
  SELECT make_interval(secs => lease_seconds) INTO ttl FROM project;
  WITH gone AS (DELETE FROM leases WHERE NOT done AND expires_at <= now() RETURNING image_id)
  UPDATE images i SET holders = i.holders - g.n
    FROM (SELECT image_id, count(*) AS n FROM gone GROUP BY image_id) g WHERE i.id = g.image_id;
  UPDATE leases SET expires_at = now() + ttl WHERE annotator = p_annotator AND NOT done;
  RETURN QUERY
  WITH picked AS (
    SELECT i.id FROM images i
     WHERE i.holders < i.copies
       AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.image_id = i.id AND l.annotator = p_annotator)
     ORDER BY i.id LIMIT p_n
     FOR UPDATE OF i SKIP LOCKED),
  bumped AS (UPDATE images i SET holders = i.holders + 1 FROM picked p WHERE i.id = p.id RETURNING i.id)
  INSERT INTO leases (image_id, annotator, expires_at) SELECT b.id, p_annotator, now() + ttl FROM bumped b
  RETURNING leases.image_id;
END $f$;

ALTER TABLE decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY decisions_read ON decisions FOR SELECT USING (true);
CREATE POLICY decisions_own ON decisions FOR INSERT TO zebra_annotator
  WITH CHECK (annotator = current_user AND NOT adjudicated);
CREATE POLICY decisions_adjudicate ON decisions FOR INSERT TO zebra_reviewer
  WITH CHECK (annotator = current_user);

GRANT SELECT ON zebra_meta, project, labels, template_sets, images, predictions, decisions, leases
  TO zebra_annotator, zebra_reviewer;
GRANT INSERT ON decisions TO zebra_annotator, zebra_reviewer;
REVOKE ALL ON FUNCTION zebra_lease(text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION zebra_lease(text, int) TO zebra_annotator, zebra_reviewer;
`

// A push and a lease of one annotator at once (the review loop leasing while a background sync
// pushes, on two connections) deadlocked: the push's row trigger locked the annotator's lease rows
// and then waited in zebra_renew for the annotator's lock, which zebra_lease held while waiting to
// update those rows. A decision now takes the annotator's lock before it touches a lease row, so
// both take the lock first. (Advisory locks are re-entrant: zebra_renew takes it again freely.)
const DECIDED_LOCKS_FIRST = `
CREATE OR REPLACE FUNCTION zebra_decided() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $f$
DECLARE fresh boolean;
BEGIN
  IF NEW.kind = 'revert' OR NEW.adjudicated THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('zebra_lease:' || NEW.annotator));
  INSERT INTO leases (image_id, annotator, expires_at, done) VALUES (NEW.image_id, NEW.annotator, now(), true)
    ON CONFLICT (image_id, annotator) DO UPDATE SET done = true
    RETURNING (xmax = 0) INTO fresh;
  IF fresh THEN UPDATE images SET holders = holders + 1 WHERE id = NEW.image_id; END IF;
  RETURN NULL;
END $f$;
`

// A member's sync renewed its leases by asking zebra_lease for one more image, so an idle member
// kept taking work, and a closed replica's leases stayed out of the queue until they expired.
// zebra_renew() only renews; zebra_release() gives back what the caller holds and has not decided.
// Both act for the session's role only (SECURITY DEFINER: members cannot write leases). The
// decisions trigger's function held the name zebra_renew: it is renamed (its trigger follows the
// function, not the name). A lease past its time that no hand-out has reclaimed yet still counts
// in its image's holders, so nobody else has it: renewing it keeps the member's work theirs.
const RENEW_AND_RELEASE = `
ALTER FUNCTION zebra_renew() RENAME TO zebra_renew_on_decide;

CREATE FUNCTION zebra_renew() RETURNS int LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $f$
DECLARE n int;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('zebra_lease:' || session_user));
  UPDATE leases SET expires_at = now() + make_interval(secs => (SELECT lease_seconds FROM project))
   WHERE annotator = session_user::text AND NOT done;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $f$;

CREATE FUNCTION zebra_release() RETURNS int LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $f$
DECLARE n int;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('zebra_lease:' || session_user));
  WITH gone AS (DELETE FROM leases WHERE annotator = session_user::text AND NOT done RETURNING image_id)
  UPDATE images i SET holders = i.holders - 1 FROM gone g WHERE i.id = g.image_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $f$;

REVOKE ALL ON FUNCTION zebra_renew(), zebra_release() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION zebra_renew(), zebra_release() TO zebra_annotator, zebra_reviewer;
`

// The project's cached image embeddings, so that a member who joins need not embed the images
// again (taken by content hash), and whether each published prediction was made for the project's
// labels and template set as published (a stale one is taken as stale: re-scored, not shown as new).
// The owner writes them like the images; members read them.
const EMBEDDINGS = `
CREATE TABLE models (
  model_id text PRIMARY KEY,
  name text NOT NULL,
  variant text NOT NULL,
  dims int NOT NULL CHECK (dims > 0)
);

CREATE TABLE embeddings (
  image_id bigint NOT NULL REFERENCES images(id),
  model_id text NOT NULL REFERENCES models(model_id),
  -- dims float32 values, little-endian, as the project file keeps them
  vec bytea NOT NULL,
  PRIMARY KEY (image_id, model_id)
);

ALTER TABLE predictions ADD COLUMN current boolean NOT NULL DEFAULT true;

GRANT SELECT ON models, embeddings TO zebra_annotator, zebra_reviewer;
`

export const PG_MIGRATIONS: PgMigration[] = [
  { version: 1, name: 'team store', sql: INITIAL },
  { version: 2, name: 'a decision takes its annotator lock first', sql: DECIDED_LOCKS_FIRST },
  { version: 3, name: 'renew-only and release calls for leases', sql: RENEW_AND_RELEASE },
  { version: 4, name: 'embeddings, and whether a prediction is current', sql: EMBEDDINGS }
]

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version
