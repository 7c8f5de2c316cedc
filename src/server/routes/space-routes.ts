import { z } from "zod";
import { ListSpacesQuery, Space, SpaceConfig } from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { SpaceService } from "../services/space-service";

/** `/spaces`: create (publishes `space:created` and the `space:configure` job), list, get, update, delete. */
export function registerSpaceRoutes(api: ApiRouter, spaces: SpaceService): void {
  api.add(
    {
      method: "get",
      path: "/spaces",
      tag: "Spaces",
      summary: "List spaces",
      access: "secret key, operator; user (own space)",
      query: ListSpacesQuery,
      response: z.array(Space),
      paged: true,
    },
    async ({ query, principal }) => spaces.list(query, principal),
  );
  api.add(
    {
      method: "post",
      path: "/spaces",
      tag: "Spaces",
      summary: "Create a space",
      description:
        "Publishes `space:created` and creates the `space:configure` job (type space, trigger immediate).",
      access: "secret key",
      body: SpaceConfig,
      bodyOptional: true,
      response: Space,
    },
    async ({ body, principal }) => ({ data: await spaces.create(body, principal) }),
  );
  api.add(
    {
      method: "get",
      path: "/spaces/:spaceId",
      tag: "Spaces",
      summary: "Get a space",
      access: "secret key, operator; user (own space)",
      response: Space,
    },
    async ({ params, principal }) => ({ data: await spaces.get(params.spaceId as string, principal) }),
  );
  api.add(
    {
      method: "patch",
      path: "/spaces/:spaceId",
      tag: "Spaces",
      summary: "Update a space",
      access: "secret key",
      body: SpaceConfig,
      response: Space,
    },
    async ({ params, body, principal }) => ({
      data: await spaces.update(params.spaceId as string, body, principal),
    }),
  );
  api.add(
    {
      method: "delete",
      path: "/spaces/:spaceId",
      tag: "Spaces",
      summary: "Delete a space and its jobs",
      access: "secret key",
    },
    async ({ params, principal }) => {
      await spaces.delete(params.spaceId as string, principal);
      return { data: { success: true } };
    },
  );
}
