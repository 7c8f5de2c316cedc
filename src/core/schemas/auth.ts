import { z } from "zod";
import { IsoDateTime, ResourceId } from "./common";

export const TOKEN_ROLES = ["operator", "user"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Longest life of an access token: 30 days. */
export const MAX_TOKEN_SECONDS = 30 * 24 * 3600;
export const DEFAULT_TOKEN_SECONDS = 12 * 3600;

/** `POST /auth/tokens` (secret key only): mint a dashboard token. */
export const CreateTokenRequest = z
  .object({
    role: z.enum(TOKEN_ROLES),
    spaceId: ResourceId.optional(),
    expiresIn: z.number().int().min(60).max(MAX_TOKEN_SECONDS).optional(),
    /** Who the token stands for; recorded as `createdBy`/`actorId`. */
    subject: z.string().min(1).max(128).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.role === "user" && !body.spaceId)
      ctx.addIssue({ code: "custom", path: ["spaceId"], message: "a user token needs a spaceId" });
  })
  .meta({ id: "CreateTokenRequest" });
export type CreateTokenRequest = z.infer<typeof CreateTokenRequest>;

export const AccessToken = z
  .object({
    token: z.string(),
    role: z.enum(TOKEN_ROLES),
    spaceId: z.string().optional(),
    expiresAt: IsoDateTime,
  })
  .meta({ id: "AccessToken" });
export type AccessToken = z.infer<typeof AccessToken>;

/** Who is calling: resolved from the bearer token on every request. */
export type Principal =
  | { kind: "secret"; subject: string }
  | { kind: "operator"; subject: string }
  | { kind: "user"; subject: string; spaceId: string };

/** The claims of an access token (an HS256 JWT signed with the secret key), checked on every request that sends one. */
export const AccessTokenClaims = z.discriminatedUnion("role", [
  z.object({ role: z.literal("operator"), sub: z.string().min(1), exp: z.number(), iat: z.number() }),
  z.object({
    role: z.literal("user"),
    sub: z.string().min(1),
    spaceId: ResourceId,
    exp: z.number(),
    iat: z.number(),
  }),
]);
export type AccessTokenClaims = z.infer<typeof AccessTokenClaims>;

/** A `Principal` as a signed link carries it. */
export const PrincipalClaim = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("secret"), subject: z.string().min(1) }),
  z.object({ kind: z.literal("operator"), subject: z.string().min(1) }),
  z.object({ kind: z.literal("user"), subject: z.string().min(1), spaceId: ResourceId }),
]);

/** The claims of a signed link (`?signature=`): one path, on behalf of the principal that asked for it. */
export const SignedPathClaims = z.object({
  purpose: z.literal("signed-path"),
  path: z.string(),
  principal: PrincipalClaim,
  exp: z.number(),
  iat: z.number(),
});
export type SignedPathClaims = z.infer<typeof SignedPathClaims>;
