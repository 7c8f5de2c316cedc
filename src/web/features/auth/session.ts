/** The signed-in token as the dashboard sees it: decoded from the JWT payload for display only (never verified here). */
export type Session = {
  token: string;
  role: "operator" | "user";
  spaceId?: string;
  subject?: string;
  /** Expiry, in ms since the epoch, when the token says. */
  expiresAt?: number;
};

export const TOKEN_STORAGE_KEY = "jobs-panel.token";

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads role, space, subject and expiry from a token's payload; undefined when it is not a dashboard JWT. */
export function decodeToken(token: string): Session | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(decodeBase64Url(payload)) as Record<string, unknown>;
    if (claims.role !== "operator" && claims.role !== "user") return undefined;
    const spaceId = typeof claims.spaceId === "string" ? claims.spaceId : undefined;
    if (claims.role === "user" && !spaceId) return undefined;
    return {
      token,
      role: claims.role,
      ...(spaceId ? { spaceId } : {}),
      ...(typeof claims.sub === "string" ? { subject: claims.sub } : {}),
      ...(typeof claims.exp === "number" ? { expiresAt: claims.exp * 1000 } : {}),
    };
  } catch {
    return undefined;
  }
}

export const isExpired = (session: Session, now = Date.now()) =>
  session.expiresAt !== undefined && session.expiresAt <= now;

/** The `token` parameter of a URL fragment such as `#token=...`; undefined when there is none. */
export function tokenFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const token = params.get("token")?.trim();
  return token || undefined;
}

/** The address without its `token` fragment parameter (other fragment parameters stay). */
export function urlWithoutToken(url: string): string {
  const parsed = new URL(url);
  const params = new URLSearchParams(parsed.hash.replace(/^#/, ""));
  params.delete("token");
  const rest = params.toString();
  parsed.hash = rest ? `#${rest}` : "";
  return parsed.pathname + parsed.search + parsed.hash;
}

/**
 * Moves a `#token=` fragment into the tab's storage (sessionStorage, no cookies) and out of the address bar, so it is
 * not shared or kept in history. The page's first script does this before anything else loads.
 */
export function takeTokenFromLocation(
  location: Pick<Location, "href" | "hash">,
  storage: Pick<Storage, "setItem">,
  replaceUrl: (url: string) => void,
): void {
  const fromHash = tokenFromHash(location.hash);
  if (!fromHash) return;
  replaceUrl(urlWithoutToken(location.href));
  storage.setItem(TOKEN_STORAGE_KEY, fromHash);
}

/** Signs in from the address bar or the tab's storage: a `#token=` fragment wins and is stored for the tab. */
export function signInFromLocation(
  location: Pick<Location, "href" | "hash">,
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">,
  replaceUrl: (url: string) => void,
): { session?: Session; problem?: "invalid" | "expired" } {
  takeTokenFromLocation(location, storage, replaceUrl);
  const token = storage.getItem(TOKEN_STORAGE_KEY);
  if (!token) return {};
  const session = decodeToken(token);
  if (!session || isExpired(session)) {
    storage.removeItem(TOKEN_STORAGE_KEY);
    return { problem: session ? "expired" : "invalid" };
  }
  return { session };
}
