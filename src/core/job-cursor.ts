/**
 * Where a keyset page of jobs starts: the list's order is (createdAt, insertion order), so a cursor names the last
 * job read by both. Clients treat it as opaque; it is base64url so that it travels in a URL as it is.
 */
export type JobListPosition = { createdAt: string; seq: number };

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromBase64Url = (text: string) => atob(text.replace(/-/g, "+").replace(/_/g, "/"));

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function encodeJobCursor(position: JobListPosition): string {
  return toBase64Url(`${position.createdAt}~${position.seq}`);
}

/** The position a cursor names, or undefined when it is not one this server wrote. */
export function decodeJobCursor(cursor: string): JobListPosition | undefined {
  let text: string;
  try {
    text = fromBase64Url(cursor);
  } catch {
    return undefined;
  }
  const [createdAt, seq, ...rest] = text.split("~");
  if (rest.length > 0 || !createdAt || !ISO.test(createdAt) || !seq || !/^\d{1,15}$/.test(seq))
    return undefined;
  return { createdAt, seq: Number(seq) };
}
