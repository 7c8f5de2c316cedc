/**
 * The platform's own import jobs, driven by a listener written for Flatfile: `@flatfile/listener` through the bridge
 * and `@flatfile/api@1.9.19`'s client, configured by the environment only. The listener reacts to `job:completed` of
 * `file:extract*` (the platform extracted an uploaded file), creates the `workbook:map` job, reacts to its
 * `job:updated` in `planning`, reads and changes the plan with the client's plan calls, and executes it.
 */
import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FlatfileClient, type Flatfile } from "@flatfile/api";
import { FlatfileListener } from "@flatfile/listener";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectFlatfileListener } from "./flatfile-bridge";
import { useFlatfileEnv } from "./testing/flatfile-env";
import { memoryLogger, until } from "./testing/helpers";
import { useServerProcess } from "./testing/server-process";

const ctx = useServerProcess();
let api: FlatfileClient;
let restoreEnv: (() => void) | undefined;

beforeAll(() => {
  restoreEnv = useFlatfileEnv(ctx.server.baseUrl, ctx.server.secretKey);
  api = new FlatfileClient();
});

afterAll(() => {
  restoreEnv?.();
});

const CSV = [
  "Email Address,First Name,Surname,Notes",
  "ann@example.com,Ann,Lee,x",
  "bob@example.com,Bob,Ray,y",
].join("\n");

describe("a Flatfile listener imports an uploaded file with the platform's extract and map jobs", () => {
  it("extracts, plans, changes the plan through @flatfile/api, executes and imports", async () => {
    const { data: space } = await api.spaces.create({ name: "Imports by a listener" });
    const { data: target } = await api.workbooks.create({
      name: "CRM",
      spaceId: space.id,
      sheets: [
        {
          name: "Contacts",
          slug: "contacts",
          fields: [
            { key: "email", label: "Email", type: "string" },
            { key: "firstName", label: "First name", type: "string" },
            { key: "lastName", label: "Last name", type: "string" },
            { key: "memo", label: "Memo", type: "string" },
          ],
        },
      ],
    });
    const destinationSheetId = target.sheets![0]!.id;
    const seen: { plan?: Flatfile.JobExecutionPlan; mapJobId?: string } = {};

    const listener = new FlatfileListener();
    listener.on("job:completed", { job: "file:extract*" }, async (event) => {
      const { data: file } = await api.files.get(event.context.fileId);
      const { data: extracted } = await api.workbooks.get(file.workbookId!);
      const { data: mapJob } = await api.jobs.create({
        type: "workbook",
        operation: "map",
        source: extracted.id,
        destination: target.id,
        config: { sourceSheetId: extracted.sheets![0]!.id, destinationSheetId },
      });
      seen.mapJobId = mapJob.id;
    });
    listener.on("job:updated", { job: "workbook:map" }, async (event) => {
      const { jobId } = event.context;
      // A change of the plan publishes job:updated too: the listener acts on the first one only.
      if (event.payload.status !== "planning" || seen.plan) return;
      const { data } = await api.jobs.getExecutionPlan(jobId);
      seen.plan = data.plan;
      // "Notes" has no field of its own name: the listener maps it to "Memo" before executing.
      const notes = data.plan.unmappedSourceFields.find((f) => f.sourceField.key === "notes");
      if (notes && !data.plan.fieldMapping.some((e) => e.sourceField.key === "notes")) {
        await api.jobs.updateExecutionPlanFields(jobId, {
          fileId: "",
          jobId,
          fieldMapping: [
            ...data.plan.fieldMapping,
            {
              sourceField: notes.sourceField,
              destinationField: { key: "memo", label: "Memo", type: "string" },
            },
          ],
        });
      }
      await api.jobs.execute(jobId);
    });
    const bridge = await connectFlatfileListener(listener, {
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      spaceId: space.id,
      logger: memoryLogger(),
    });

    try {
      // The client names the upload after the stream's path, as a listener uploading from disk would.
      const path = join(mkdtempSync(join(tmpdir(), "flatfile-import-")), "people.csv");
      writeFileSync(path, CSV);
      await api.files.upload(createReadStream(path), {
        spaceId: space.id,
        environmentId: "us_env_local",
        mode: "import",
      });
      const mapJobId = await until(async () => seen.mapJobId, Boolean, "the listener to create the map job");
      const done = await until(
        () => ctx.api.jobs.get(mapJobId as string),
        (job) => job.status === "complete" || job.status === "failed",
        "the import to finish",
      );
      expect(done.status).toBe("complete");
      const mapped = Object.fromEntries(
        (seen.plan?.fieldMapping ?? []).map((e) => [e.destinationField.key, e.sourceField.key]),
      );
      expect(Object.keys(mapped).sort()).toEqual(["email", "firstName", "lastName"]);
      const { data: records } = await api.records.get(destinationSheetId);
      expect(
        records.records.map((r) => [r.values.email?.value, r.values.lastName?.value, r.values.memo?.value]),
      ).toEqual([
        ["ann@example.com", "Lee", "x"],
        ["bob@example.com", "Ray", "y"],
      ]);
    } finally {
      await bridge.close();
    }
  });
});
