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
  const bytes = crypto.getRandomValues(new Uint8Array(ID_LENGTH));
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return ID_PREFIXES[kind] + out;
}

/** True when `id` carries the prefix of `kind`. */
export function isIdOf(kind: IdKind, id: string): boolean {
  return id.startsWith(ID_PREFIXES[kind]) && id.length > ID_PREFIXES[kind].length;
}
