// Migration 2: an index of image embeddings per model (user_version 1 -> 2). Released: never edit.

export const name = 'index of embeddings per model'

// Counting or finding the newest embeddings of a model (cache keys of the adaptation helper, the
// review memo) scanned the WITHOUT ROWID table itself, i.e. every vector: 13 ms at 100k x 32-d,
// far more at 512-d. This narrow index answers count(*) and max(image_id) per model.
export const sql = `CREATE INDEX image_embeddings_model ON image_embeddings(model_id, image_id);`
