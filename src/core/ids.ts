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
const ID_LENGTH = 16;

/**
 * A new random id with the kind's prefix. Uses Web Crypto so it runs in Node, browsers and workers alike;
 * 16 base-36 characters (~82 bits) make collisions a non-issue at any realistic volume.
 */
export function newId(kind: IdKind): string {
  let out = "";
  for (let i = 0; i < ID_LENGTH; i++) out += ALPHABET[randomByte() % ALPHABET.length];
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
