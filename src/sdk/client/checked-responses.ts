import { z } from "zod";
import { Pagination } from "../../core";
import type { ResponseReader } from "./response-reader";
import { responseSchemas } from "./response-schemas";

/** Parses a body with core's schema of what the endpoint answers (unknown fields dropped, as zod does). */
export const checkedResponses: ResponseReader = (shape, name, body) => {
  const schema: z.ZodType = responseSchemas[name];
  const whole =
    shape === "data"
      ? z.object({ data: schema })
      : z.object({ data: shape === "page" ? z.array(schema) : schema, pagination: Pagination });
  const parsed = whole.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    where: issue?.path.length ? ` at ${issue.path.join(".")}` : "",
    message: issue?.message ?? "invalid",
    cause: parsed.error,
  };
};
