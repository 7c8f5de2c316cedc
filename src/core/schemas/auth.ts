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
