import type { Context, MiddlewareHandler } from "hono";
import type { Principal } from "../../core";
import { tooManyRequests } from "./api-error";
import { bearerToken } from "./api-router";
import type { TokenAuthority } from "./auth";
import { TokenBuckets, type BucketRate, type BucketState } from "./token-buckets";

export type RateLimitOptions = {
  /** Requests per token (keyed by who the token names, so minting another token for the same subject gains nothing). */
  perToken?: BucketRate;
  /** Requests per client address, token or not. Needs `clientAddress`. */
  perAddress?: BucketRate;
  /** The secret key is the backend's own credential and is not throttled unless this says so. */
  throttleSecretKey?: boolean;
  /** The client's address; the Node entry reads the socket's. Without it there is no per-address limit. */
  clientAddress?: (c: Context) => string | undefined;
  now?: () => number;
};

export const DEFAULT_RATE_LIMITS = {
  perToken: { perSecond: 50, burst: 500 },
  perAddress: { perSecond: 200, burst: 2_000 },
} satisfies RateLimitOptions;

/** The bucket a principal draws from: the same person with two tokens shares one. */
export function principalKey(principal: Principal): string {
  return principal.kind === "user"
    ? `user:${principal.spaceId}:${principal.subject}`
    : `${principal.kind}:${principal.subject}`;
}

function rateHeaders(state: BucketState): Record<string, string> {
  return {
    "ratelimit-limit": String(state.limit),
    "ratelimit-remaining": String(state.remaining),
    "ratelimit-reset": String(state.resetSeconds),
  };
}

function refusal(state: BucketState, who: string, rate: BucketRate) {
  const wait = state.retryAfterSeconds;
  return tooManyRequests(
    `Too many requests from this ${who}: at most ${rate.perSecond} a second (bursts of ${rate.burst}); try again in ${wait} s`,
    wait,
    rateHeaders(state),
  );
}

/**
 * Token buckets per token and per client address, before any route runs. A request over either is refused with
 * 429, `Retry-After` and the `RateLimit-*` headers; an accepted one carries the headers of the tighter bucket, so a
 * client can pace itself. A token that does not authenticate draws on its address only; the route then refuses it.
 */
export function rateLimit(tokens: TokenAuthority, options: RateLimitOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const byToken = options.perToken && new TokenBuckets(options.perToken, now);
  const byAddress = options.perAddress && options.clientAddress && new TokenBuckets(options.perAddress, now);
  return async (c, next) => {
    const token = bearerToken(c, true);
    const principal = token ? await tokens.authenticate(token).catch(() => undefined) : undefined;
    if (principal?.kind === "secret" && !options.throttleSecretKey) return next();
    const states: BucketState[] = [];
    const address = byAddress && options.clientAddress?.(c);
    if (byAddress && address) {
      const state = byAddress.take(address);
      if (!state.allowed) throw refusal(state, "address", byAddress.rate);
      states.push(state);
    }
    if (byToken && principal) {
      const state = byToken.take(principalKey(principal));
      if (!state.allowed) throw refusal(state, "token", byToken.rate);
      states.push(state);
    }
    await next();
    const tightest = states.reduce<BucketState | undefined>(
      (a, b) => (a && a.remaining <= b.remaining ? a : b),
      undefined,
    );
    if (tightest) for (const [name, value] of Object.entries(rateHeaders(tightest))) c.header(name, value);
  };
}
