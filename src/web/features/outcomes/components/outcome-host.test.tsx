// @vitest-environment jsdom
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../../../../sdk";
import { decodeToken } from "../../auth";
import { TEST_ORIGIN, useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { OutcomeHost } from "./outcome-host";

const server = useMockServer();
afterEach(cleanup);

/** A space whose workbook mounts an "export" action, a user's token, and a job that user started from it. */
async function userJob() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Outcomes" });
  const workbook = await admin.workbooks.create({
    name: "Book",
    spaceId: space.id,
    actions: [{ operation: "export", label: "Export", mode: "background" }],
  });
  const token = await server.token({ role: "user", spaceId: space.id });
  const user = createClient({ baseUrl: TEST_ORIGIN, token });
  const job = await user.jobs.create({
    type: "workbook",
    operation: "export",
    source: workbook.id,
    trigger: "immediate",
  });
  await admin.jobs.ack(job.id, {});
  return { space, workbook, token, job };
}

function renderHost(spaceId: string, token: string) {
  const session = decodeToken(token)!;
  return renderWithApi(<OutcomeHost spaceId={spaceId} session={session} />, { token });
}

describe("OutcomeHost", () => {
  it("shows an acknowledge outcome as a modal with its message as plain text, and acknowledges on Continue", async () => {
    const { space, token, job } = await userJob();
    const message = "Line one\n<img src=x onerror=alert(1)>";
    await server.admin.jobs.complete(job.id, {
      outcome: { acknowledge: true, heading: "Exported", message },
    });

    renderHost(space.id, token);
    const dialog = await screen.findByRole("alertdialog", { name: "Exported" });
    expect(dialog.querySelector("img")).toBeNull();
    expect(
      screen.getByText((_, node) => node?.id === "outcome-message" && node.textContent === message),
    ).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect((await server.admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();
  });

  it("labels the button with buttonText; hideDefaultButton leaves only the next step", async () => {
    const first = await userJob();
    await server.admin.jobs.complete(first.job.id, {
      outcome: { acknowledge: true, heading: "Ready", buttonText: "Got it" },
    });
    renderHost(first.space.id, first.token);
    expect(await screen.findByRole("button", { name: "Got it" })).toBeTruthy();
    cleanup();

    const second = await userJob();
    await server.admin.jobs.complete(second.job.id, {
      outcome: {
        acknowledge: true,
        heading: "Files ready",
        hideDefaultButton: true,
        next: {
          type: "id",
          id: second.space.id,
          path: "files",
          query: "mode=export",
          label: "See downloads",
        },
      },
    });
    renderHost(second.space.id, second.token);
    const link = await screen.findByRole("link", { name: "See downloads" });
    expect(link.getAttribute("href")).toBe(`/space/${second.space.id}/files?mode=export`);
    expect(screen.queryByRole("button", { name: "Continue" })).toBeNull();
  });

  it("never renders an unsafe URL written straight into the store as a link", async () => {
    const { space, token, job } = await userJob();
    await server.admin.jobs.complete(job.id, { outcome: { acknowledge: true, heading: "Done" } });
    // Bypass the API's validation, as a bad row in the database would.
    const stored = await server.mock.store.getJob(job.id);
    await server.mock.store.transaction(async (tx) =>
      tx.updateJob(
        {
          ...stored!,
          outcome: { ...stored!.outcome, next: { type: "url", url: "javascript:alert(1)", label: "Open" } },
        },
        { status: stored!.status, updatedAt: stored!.updatedAt },
      ),
    );
    renderHost(space.id, token);
    await screen.findByRole("alertdialog", { name: "Done" });
    expect(screen.queryByRole("link")).toBeNull();
    expect(screen.getByText(/not shown as a link/)).toBeTruthy();
  });

  it("Try again retries the job and closes the modal without acknowledging (a ready job cannot be)", async () => {
    const { space, token, job } = await userJob();
    await server.admin.jobs.fail(job.id, {
      outcome: {
        acknowledge: true,
        heading: "The CRM did not answer",
        next: { type: "retry", label: "Try again" },
      },
    });
    renderHost(space.id, token);
    const dialog = await screen.findByRole("alertdialog", { name: "The CRM did not answer" });
    expect(dialog.getAttribute("data-status")).toBe("failed");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(screen.queryByText(/Could not/)).toBeNull();
    const retried = await server.admin.jobs.get(job.id);
    expect(retried.status).toBe("ready");
    expect(retried.outcome).toBeUndefined();
  });

  it("shows nothing for outcomes of jobs someone else started, or without acknowledge", async () => {
    const { space, token, workbook } = await userJob();
    const theirs = await server.admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: workbook.id,
      trigger: "immediate",
    });
    await server.admin.jobs.complete(theirs.id, { outcome: { acknowledge: true, heading: "Not yours" } });
    renderHost(space.id, token);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });
  // Last: its key presses keep the page "busy" for a moment, which would hold the modals of the tests after it.
  it("waits while the person types in a field, then opens with focus on the dialog, where Space acknowledges nothing", async () => {
    const user = userEvent.setup();
    const { space, token, job } = await userJob();
    const field = document.createElement("input");
    field.setAttribute("aria-label", "Company, row 2");
    document.body.append(field);
    field.focus();
    await user.keyboard("Acme");
    await server.admin.jobs.complete(job.id, { outcome: { acknowledge: true, heading: "Exported" } });
    renderHost(space.id, token);

    // The job's outcome is in, yet the field keeps focus and every key.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    await user.keyboard(" Corp");
    expect(field).toHaveFocus();
    expect(field).toHaveValue("Acme Corp");

    // Done typing: the modal opens once the person is idle, focused itself rather than its button.
    field.blur();
    const dialog = await screen.findByRole("alertdialog", { name: "Exported" }, { timeout: 5_000 });
    await waitFor(() => expect(dialog).toHaveFocus());
    await user.keyboard(" ");
    await user.keyboard("{Enter}");
    expect(screen.getByRole("alertdialog", { name: "Exported" })).toBeInTheDocument();
    expect((await server.admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeUndefined();
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    field.remove();
  }, 15_000);
});
