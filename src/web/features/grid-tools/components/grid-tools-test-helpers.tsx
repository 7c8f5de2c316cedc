import { useQuery } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import { useParams } from "react-router";
import type { JobConfig } from "../../../../core";
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

/**
 * The endpoints of issue 18's contract that the server of this branch does not have yet, answered here: `POST /jobs`
 * for the record jobs (made immediate, foreground and managed, as the contract says the server does), and the two
 * previews with the answers given. Each keeps the bodies it was sent.
 */
export function answerContractEndpoints(
  server: MockServer,
  previews: { findReplace?: unknown; mutation?: unknown } = {},
) {
  const sent = {
    jobs: [] as JobConfig[],
    findReplacePreview: [] as unknown[],
    mutationPreview: [] as unknown[],
  };
  server.msw.use(
    http.post("*/v1/jobs", async ({ request }) => {
      const body = (await request.json()) as JobConfig;
      sent.jobs.push(body);
      // Straight to the mock's app with the secret key: through MSW it would come back to this very handler.
      return server.mock.fetch(
        new Request(request.url, {
          method: "POST",
          headers: { authorization: `Bearer ${server.mock.secretKey}`, "content-type": "application/json" },
          body: JSON.stringify({ ...body, trigger: "immediate", mode: "foreground", managed: true }),
        }),
      );
    }),
    http.post("*/v1/sheets/:sheetId/find-replace/preview", async ({ request }) => {
      sent.findReplacePreview.push(await request.json());
      return HttpResponse.json({ data: previews.findReplace ?? { records: 0, cells: 0, sample: [] } });
    }),
    http.post("*/v1/jobs/preview-mutation", async ({ request }) => {
      sent.mutationPreview.push(await request.json());
      return HttpResponse.json({ data: previews.mutation ?? [] });
    }),
  );
  return sent;
}
