import { useQuery } from "@tanstack/react-query";
import { useParams } from "../../../lib/router";
import { RECORD_JOBS } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import type { MockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { workbooksQueryOptions } from "../../spaces";
import type { ToolTarget } from "../tool-target";
import { GridTools } from "./grid-tools";
import { SelectionBar } from "./selection-bar";

/** For tests: the toolbar's tools and the selection bar of the first sheet of the first workbook, read from the API. */
function GridToolsHarness({ view }: { view: ToolTarget["view"] }) {
  const { spaceId = "" } = useParams();
  const api = useApi();
  const workbook = useQuery(workbooksQueryOptions(api, spaceId)).data?.[0];
  const sheet = workbook?.sheets[0];
  if (!workbook || !sheet) return null;
  const target = { workbookId: workbook.id, sheet, view };
  return (
    <main>
      <GridTools target={target} />
      <SelectionBar target={target} />
    </main>
  );
}

/** A "Contacts" sheet of three people (two Smiths), and a user's token for its space. */
export async function seedContacts(server: MockServer) {
  const space = await server.admin.spaces.create({ name: "Grid tools" });
  const workbook = await server.admin.workbooks.create({
    name: "People",
    spaceId: space.id,
    sheets: [
      {
        name: "Contacts",
        slug: "contacts",
        fields: [
          { key: "first", type: "string", label: "First name" },
          { key: "last", type: "string", label: "Last name" },
          { key: "id", type: "string", label: "Id", readonly: true },
        ],
      },
    ],
  });
  const sheet = workbook.sheets[0]!;
  const { records } = await server.admin.records.insert(
    sheet.id,
    [
      ["Ada", "Smith"],
      ["Alan", "Smith"],
      ["Grace", "Hopper"],
    ].map(([first, last]) => ({ first: { value: first! }, last: { value: last! } })),
  );
  const token = await server.token({ role: "user", spaceId: space.id });
  return { space, workbook, sheet, records, token };
}

export function renderGridTools(
  seeded: Awaited<ReturnType<typeof seedContacts>>,
  view: ToolTarget["view"] = { filter: "all" },
) {
  return renderWithApi(<GridToolsHarness view={view} />, {
    token: seeded.token,
    path: "/space/:spaceId",
    url: `/space/${seeded.space.id}`,
  });
}

/** The record jobs started in the seeded space, as the server stored them (read back with the secret key). */
export async function recordJobsOf(server: MockServer, seeded: Awaited<ReturnType<typeof seedContacts>>) {
  const operations: string[] = Object.values(RECORD_JOBS).map((kind) => kind.operation);
  const { data } = await server.admin.jobs.list({ spaceId: seeded.space.id, pageSize: 100 });
  return data
    .filter((job) => operations.includes(job.operation))
    .map(({ type, operation, source, config, managed, mode, trigger }) => ({
      type,
      operation,
      source,
      config,
      managed,
      mode,
      trigger,
    }));
}

/**
 * The bodies of the requests the page sends to `path` (a regular expression on the URL's path), observed on their
 * way to the mock's server, which still answers them.
 */
export function requestsTo(server: MockServer, method: string, path: RegExp): unknown[] {
  const bodies: unknown[] = [];
  server.msw.events.on("request:start", ({ request }) => {
    if (request.method !== method || !path.test(new URL(request.url).pathname)) return;
    // In the order sent; cloned, since the handler reads the body itself.
    const index = bodies.push(undefined) - 1;
    void request
      .clone()
      .json()
      .then((body: unknown) => {
        bodies[index] = body;
      });
  });
  return bodies;
}
