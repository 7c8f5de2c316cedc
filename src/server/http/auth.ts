import { sign, verify } from "hono/jwt";
import {
  AccessTokenClaims,
  DEFAULT_TOKEN_SECONDS,
  SignedPathClaims,
  type AccessToken,
  type CreateTokenRequest,
  type Principal,
} from "../../core";
import { unauthorized } from "./api-error";

/** A secret key: `sk_` and 48 hex characters, from Web Crypto. */
export function generateSecretKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return "sk_" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares without an early exit, so response time does not reveal how much of a guessed key was right. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

const VERIFY_OPTIONS = { alg: "HS256", exp: false, iat: false, nbf: false } as const;

/**
 * Access tokens are HS256 JWTs signed with the secret key (Web Crypto, so this runs in any runtime). Rotating the
 * secret key invalidates every token. Verified tokens are cached until they expire: signature checks are the most
 * expensive part of a request otherwise.
 */
export class TokenAuthority {
  readonly #cache = new Map<string, { principal: Principal; exp: number }>();

  constructor(
    private readonly secretKey: string,
    private readonly now: () => Date,
  ) {}

  async mint(request: CreateTokenRequest): Promise<AccessToken> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const exp = iat + (request.expiresIn ?? DEFAULT_TOKEN_SECONDS);
    const claims = {
      role: request.role,
      sub: request.subject ?? `${request.role}:${crypto.randomUUID()}`,
      iat,
      exp,
      ...(request.role === "user" ? { spaceId: request.spaceId } : {}),
    };
    const token = await sign(claims, this.secretKey, "HS256");
    return {
      token,
      role: request.role,
      ...(claims.spaceId ? { spaceId: claims.spaceId } : {}),
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }

  /** Whether `token` is this environment's secret key (compared in constant time). */
  isSecretKey(token: string): boolean {
    return token.startsWith("sk_") && constantTimeEqual(token, this.secretKey);
  }

  /** The caller behind a bearer token, or a 401. */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (!token)
      throw unauthorized("Missing bearer token: send Authorization: Bearer <secret key or access token>");
    if (token.startsWith("sk_")) {
      if (this.isSecretKey(token)) return { kind: "secret", subject: "secret-key" };
      throw unauthorized("The secret key is not valid");
    }
    const nowSeconds = this.now().getTime() / 1000;
    const cached = this.#cache.get(token);
    if (cached && cached.exp > nowSeconds) return cached.principal;
    let verified: unknown;
    try {
      verified = await verify(token, this.secretKey, VERIFY_OPTIONS);
    } catch {
      throw unauthorized("The access token is invalid or has expired");
    }
    // Signed by this key, yet its claims are checked too: a token minted elsewhere with the key (or by an older
    // version) must be refused with a 401, never reach the services with a spaceId that is not a string.
    const parsed = AccessTokenClaims.safeParse(verified);
    if (!parsed.success) throw unauthorized("The access token is invalid");
    const claims = parsed.data;
    if (claims.exp <= nowSeconds) throw unauthorized("The access token has expired");
    const principal: Principal =
      claims.role === "user"
        ? { kind: "user", subject: claims.sub, spaceId: claims.spaceId }
        : { kind: "operator", subject: claims.sub };
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(token, { principal, exp: claims.exp });
    return principal;
  }

  /**
   * A signature that lets whoever holds it GET exactly `path` with `principal`'s rights until it expires. It is not an
   * access token (it has no role, so `authenticate` refuses it) and it names its path, so it opens nothing else.
   */
  async signPath(
    path: string,
    principal: Principal,
    seconds: number,
  ): Promise<{ signature: string; expiresAt: string }> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const claims: SignedPathClaims = { purpose: "signed-path", path, principal, iat, exp: iat + seconds };
    return {
      signature: await sign(claims, this.secretKey, "HS256"),
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    };
  }

  /** The principal a signature for `path` was made for, or a 401 (wrong path, expired, forged). */
  async verifyPath(signature: string, path: string): Promise<Principal> {
    let verified: unknown;
    try {
      verified = await verify(signature, this.secretKey, VERIFY_OPTIONS);
    } catch {
      throw unauthorized("The link's signature is not valid");
    }
    const parsed = SignedPathClaims.safeParse(verified);
    if (!parsed.success) throw unauthorized("The link's signature is not valid");
    const claims = parsed.data;
    if (claims.path !== path) throw unauthorized("The link's signature is for another address");
    if (claims.exp <= this.now().getTime() / 1000)
      throw unauthorized("The link has expired: ask for a new one");
    return claims.principal;
  }
}
