import { AccessToken, CreateTokenRequest } from "../../core";
import type { TokenAuthority } from "../http/auth";
import type { ApiRouter } from "../http/api-router";
import { requireSecretKey } from "../services/access";

/** `/auth/tokens`: mint operator and user tokens for the dashboard with the secret key. */
export function registerAuthRoutes(api: ApiRouter, tokens: TokenAuthority): void {
  api.add(
    {
      method: "post",
      path: "/auth/tokens",
      tag: "Access",
      summary: "Mint an access token",
      description:
        "Operator tokens see every space; user tokens one space. Tokens expire (default 12 h, at most 30 days).",
      access: "secret key",
      body: CreateTokenRequest,
      response: AccessToken,
    },
    async ({ body, principal }) => {
      requireSecretKey(principal, "mint access tokens");
      return { data: await tokens.mint(body) };
    },
  );
}
