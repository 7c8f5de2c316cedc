// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../../../../sdk";
import { decodeToken } from "../../auth";
import { useToastStore } from "../../jobs";
import { TEST_ORIGIN, useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { OutcomeHost } from "./outcome-host";

const server = useMockServer();
afterEach(() => {
  cleanup();
  useToastStore.setState({ toasts: [] });
});

/**
 * A sheet of three records, a snapshot of them, two deleted since, and the user's delete job completed with the
 * Undo the record jobs end with (`restore` present unless `withRestore` is false).
 */
async function deletedTwo(withRestore = true) {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Undo" });
  const workbook = await admin.workbooks.create({
    name: "People",
    spaceId: space.id,
    // A listener's own action, completed by hand below with the Undo the record jobs end with: the outcome's button
    // is the subject here, not the job that wrote it.
    actions: [{ operation: "purge-records", label: "Purge records" }],
    sheets: [
      { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
    ],
  });
  const sheet = workbook.sheets[0]!;
  const { records } = await admin.records.insert(
    sheet.id,
    ["Ada", "Alan", "Grace"].map((name) => ({ name: { value: name } })),
  );
  const snapshot = await admin.snapshots.create({ sheetId: sheet.id, label: "Before deleting 2 records" });
  await admin.records.delete(
    sheet.id,
    records.slice(0, 2).map((record) => record.id),
  );
  const token = await server.token({ role: "user", spaceId: space.id });
  const user = createClient({ baseUrl: TEST_ORIGIN, token });
  const job = await user.jobs.create({
    type: "workbook",
    operation: "purge-records",
    source: workbook.id,
    trigger: "immediate",
  });
  await admin.jobs.ack(job.id, {});
  await admin.jobs.complete(job.id, {
    outcome: {
      acknowledge: true,
      heading: "Deleted 2 records",
      next: {
        type: "snapshot",
        snapshotId: snapshot.id,
        sheetId: sheet.id,
        label: "Undo",
        ...(withRestore ? { restore: { deleted: true, updated: false, created: false } } : {}),
      },
    },
  });
  renderWithApi(<OutcomeHost spaceId={space.id} session={decodeToken(token)!} />, { token });
  return { space, sheet, snapshot, job };
}

const total = async (sheetId: string) => (await server.admin.sheets.counts(sheetId)).counts.total;

describe("the Undo of a destructive job", () => {
  it("restores the snapshot with the outcome's options, confirms in words and closes the outcome", async () => {
    const { sheet, snapshot, job } = await deletedTwo();
    const sent: unknown[] = [];
    server.msw.events.on("request:start", async ({ request }) => {
      if (request.url.endsWith(`/snapshots/${snapshot.id}/restore`)) sent.push(await request.clone().json());
    });
    const dialog = await screen.findByRole("alertdialog", { name: "Deleted 2 records" });
    expect(await total(sheet.id)).toBe(1);

    await userEvent.click(within(dialog).getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(sent).toEqual([{ deleted: true, updated: false, created: false }]);
    expect(await total(sheet.id)).toBe(3);
    expect(useToastStore.getState().toasts).toEqual([
      expect.objectContaining({ jobId: job.id, title: "Restored 2 records", tone: "ok" }),
    ]);
    expect((await server.admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();
  });

  it("says it is undoing while the restore runs, and a refusal in words, keeping the outcome open", async () => {
    const { snapshot } = await deletedTwo();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.msw.use(
      http.post(`*/v1/snapshots/${snapshot.id}/restore`, async () => {
        await answered;
        return HttpResponse.json(
          { errors: [{ message: "The sheet changed since the snapshot was taken" }] },
          { status: 409 },
        );
      }),
    );
    const dialog = await screen.findByRole("alertdialog", { name: "Deleted 2 records" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Undo" }));
    const busy = await within(dialog).findByRole("button", { name: "Undoing…" });
    expect(busy).toHaveAttribute("aria-disabled", "true");

    answer();
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Could not undo: The sheet changed since the snapshot was taken",
    );
    expect(within(dialog).getByRole("button", { name: "Undo" })).not.toHaveAttribute("aria-disabled");
    expect(useToastStore.getState().toasts).toEqual([]);
  });

  it("without restore options, still opens the snapshot", async () => {
    const { space, sheet, snapshot } = await deletedTwo(false);
    const link = await screen.findByRole("link", { name: "Undo" });
    expect(link.getAttribute("href")).toBe(`/space/${space.id}/sheets/${sheet.id}/snapshots/${snapshot.id}`);
  });
});
