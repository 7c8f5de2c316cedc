/**
 * Characters that change the direction text is shown in: the embeddings and overrides (U+202A-U+202E), the isolates
 * (U+2066-U+2069), the marks (U+200E, U+200F, U+061C). In a file name they make "invoice‮fdp.exe" read as
 * "invoiceexe.pdf", so a name holding one is refused.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/**
 * Names Windows keeps for devices, whatever the extension and case ("con", "Nul.txt", "COM1.csv"): a file saved under
 * one cannot be opened there, and writing to it may reach the device instead.
 */
const DEVICE_NAME = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])$/i;

/** The part of a name Windows compares with its device names: before the first dot, without trailing spaces. */
const stemOf = (name: string) => (name.split(".")[0] ?? "").replace(/ +$/, "");

/** Why `name` is not a safe file name to store and offer for download, or undefined when it is. */
export function fileNameProblem(name: string): string | undefined {
  if (BIDI_CONTROLS.test(name))
    return "must not contain characters that change the text's direction (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)";
  if (DEVICE_NAME.test(stemOf(name)))
    return "must not be a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9)";
  return undefined;
}

/**
 * A name made from text a person wrote (a sheet's name for its export) that passes `fileNameProblem`: direction
 * controls removed, a device name given a trailing underscore ("CON" becomes "CON_").
 */
export function withoutUnsafeNameParts(name: string): string {
  const plain = name.replace(new RegExp(BIDI_CONTROLS.source, "g"), "");
  const stem = stemOf(plain);
  return DEVICE_NAME.test(stem) ? plain.replace(stem, `${stem}_`) : plain;
}

/** `text` with each direction control written as `\u202E` and the like, so a message quoting a refused name reads as sent. */
export const escapeDirectionControls = (text: string): string =>
  text.replace(
    new RegExp(BIDI_CONTROLS.source, "g"),
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
