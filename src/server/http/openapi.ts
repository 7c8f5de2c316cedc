import { z } from "zod";
import type { RouteSpec } from "./api-router";
import { ApiErrorBody, Pagination } from "../../core";

const REF_PREFIX = "#/components/schemas/";
const OPTIONS = { unrepresentable: "any", io: "input" } as const;

/** Points `$defs` references at the shared components, since every schema with an id is a component. */
function relink<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', `"${REF_PREFIX}`)) as T;
}

function toSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { ...OPTIONS, io }) as Record<string, unknown>;
  delete json.$schema;
  delete json.$defs;
  const id = z.globalRegistry.get(schema)?.id;
  return id ? { $ref: REF_PREFIX + id } : relink(json);
}

const ERROR_RESPONSES = {
  "400": "Bad input: which field and why",
  "401": "No token, or a bad or expired one",
  "403": "This token may not do this",
  "404": "No such resource, or not visible to this token",
  "409": "Not allowed in the resource's current state (the message names it)",
  "413": "Body larger than 1 MiB",
};

/** The OpenAPI 3.1 description, generated from the routes and the core schemas they validate with. */
export function buildOpenApi(routes: readonly RouteSpec[], info: { version: string }) {
  const registry = z.toJSONSchema(z.globalRegistry, { ...OPTIONS, uri: (id) => REF_PREFIX + id }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  const schemas = Object.fromEntries(
    Object.entries(registry.schemas).map(([id, schema]) => {
      const { $id: _id, $schema: _s, ...rest } = schema;
      return [id, rest];
    }),
  );
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    const parameters: unknown[] = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (route.query) {
      const query = toSchema(route.query, "input") as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: "query", required: query.required?.includes(name) ?? false, schema });
      }
    }
    const dataSchema = route.response ? toSchema(route.response, "output") : {};
    const success = route.produces
      ? { description: "OK", content: { [route.produces]: { schema: { type: "string" } } } }
      : {
          description: "OK",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["data"],
                properties: {
                  data: dataSchema,
                  ...(route.paged ? { pagination: { $ref: REF_PREFIX + "Pagination" } } : {}),
                },
              },
            },
          },
        };
    const errorContent = { "application/json": { schema: { $ref: REF_PREFIX + "Errors" } } };
    (paths[path] ??= {})[route.method] = {
      tags: [route.tag],
      summary: route.summary,
      description: [route.description, `Access: ${route.access}.`].filter(Boolean).join("\n\n"),
      operationId: `${route.method}${path.replace(/[{}]/g, "").replace(/[/:-](\w)/g, (_, ch: string) => ch.toUpperCase())}`,
      ...(route.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: !route.bodyOptional,
              content: { "application/json": { schema: toSchema(route.body, "input") } },
            },
          }
        : {}),
      ...(route.multipart
        ? {
            requestBody: {
              required: true,
              content: {
                "multipart/form-data": {
                  schema: {
                    allOf: [
                      toSchema(route.multipart.fields, "input"),
                      {
                        type: "object",
                        required: [route.multipart.file],
                        properties: {
                          [route.multipart.file]: {
                            type: "string",
                            contentMediaType: "application/octet-stream",
                          },
                        },
                      },
                    ],
                  },
                },
              },
            },
          }
        : {}),
      responses: {
        "200": success,
        ...Object.fromEntries(
          Object.entries(ERROR_RESPONSES)
            .filter(([code]) => !route.public || code === "400")
            .map(([code, description]) => [code, { description, content: errorContent }]),
        ),
      },
    };
  }
  // Make sure the shared shapes exist even if no route names them directly.
  void Pagination;
  void ApiErrorBody;
  return {
    openapi: "3.1.0",
    info: {
      title: "Jobs Platform API",
      version: info.version,
      description:
        "Jobs, spaces and the event log. Wire-compatible with Flatfile's public REST API for these resources.",
    },
    servers: [{ url: "/v1" }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Secret key (sk_...) or an access token" },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApi>;
