// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ComponentType } from "react";
import { useMockServer } from "../testing/mock-server";
import { renderWithApi } from "../testing/render-with-api";
import { loadJobDetailRoute } from "./job-detail-route";

/** The page as the router shows it: the jobs feature's detail with the actions feature's button handed in. */
let JobDetailPage: ComponentType;
beforeAll(async () => {
  ({ JobDetailPage } = await loadJobDetailRoute());
});

const server = useMockServer();
afterEach(cleanup);
beforeAll(() => {
  // Radix measures its controls; jsdom has no ResizeObserver.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const exportAction = {
  operation: "export",
  label: "Export",
  mode: "background" as const,
  inputForm: {
    type: "simple" as const,
    fields: [
      {
        key: "format",
        label: "Format",
        type: "enum" as const,
        config: {
          options: [
            { value: "csv", label: "CSV" },
            { value: "xlsx", label: "Excel" },
          ],
        },
        constraints: [{ type: "required" as const }],
      },
      {
        key: "rows",
        label: "Rows",
        type: "number" as const,
        constraints: [{ type: "min" as const, value: 1 }],
      },
    ],
  },
};

/** A space whose workbook mounts the export (with its form) and a publish (without one), and a user of it. */
async function seed() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Reports" });
  const workbook = await admin.workbooks.create({
    name: "October",
    spaceId: space.id,
    actions: [exportAction, { operation: "publish", label: "Publish", mode: "background" }],
    sheets: [{ name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string" }] }],
  });
  const run = async (operation: string, input?: Record<string, unknown>) =>
    admin.jobs.create({
      type: "workbook",
      operation,
      source: workbook.id,
      trigger: "immediate",
      ...(input ? { input } : {}),
    });
  const token = await server.token({ role: "user", spaceId: space.id });
  return { space, workbook, run, token };
}

const openDetail = (spaceId: string, jobId: string, token: string) =>
  renderWithApi(<JobDetailPage />, {
    token,
    path: "/space/:spaceId/jobs/:jobId",
    url: `/space/${spaceId}/jobs/${jobId}`,
  });

describe("Run again with changes", () => {
  it("opens the action's form filled with the job's input, and starts a new job linked to it both ways", async () => {
    const { space, run, token } = await seed();
    const old = await run("export", { format: "xlsx", rows: 10 });
    await server.admin.jobs.ack(old.id);
    await server.admin.jobs.fail(old.id, { outcome: { message: "Too many rows" } });
    openDetail(space.id, old.id, token);
    const user = userEvent.setup();

    const button = await screen.findByRole("button", { name: "Run again with changes" });
    // Closed without a start, the form gives the focus back to the button.
    await user.click(button);
    await screen.findByRole("dialog", { name: "Run “Export” again" });
    await user.keyboard("{Escape}");
    await waitFor(() => expect(button).toHaveFocus());
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    await user.click(button);
    const dialog = await screen.findByRole("dialog", { name: "Run “Export” again" });
    expect(within(dialog).getByRole("radio", { name: /Excel/ })).toBeChecked();
    const rows = within(dialog).getByRole("textbox", { name: "Rows" });
    expect(rows).toHaveValue("10");
    // Checked before it is sent, as any run of the action is.
    await user.clear(rows);
    await user.type(rows, "0");
    await user.click(within(dialog).getByRole("button", { name: "Export" }));
    expect(rows).toHaveAccessibleDescription(/at least 1/i);
    expect((await server.admin.jobs.list({ rerunOf: old.id })).data).toEqual([]);

    await user.clear(rows);
    await user.type(rows, "5");
    await user.click(within(dialog).getByRole("button", { name: "Export" }));

    const started = await screen.findByText(/this new job runs/);
    await waitFor(() => expect(started.closest("p")).toHaveFocus());
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const [again] = (await server.admin.jobs.list({ rerunOf: old.id })).data;
    expect(again).toMatchObject({ operation: "export", input: { format: "xlsx", rows: 5 }, rerunOf: old.id });
    const page = document.querySelector('[data-slot="job-detail"]');
    expect(page).toHaveAttribute("data-job-id", again!.id);
    // Linked back to the old job, in the message and among the related jobs.
    expect(within(started.closest("p")!).getByRole("link", { name: old.id })).toBeInTheDocument();
    const back = await screen.findByText("Run again from");
    expect(
      within(back.nextElementSibling as HTMLElement).getByRole("link", { name: old.id }),
    ).toHaveAttribute("href", `/space/${space.id}/jobs/${old.id}`);

    // The old job's page links forward to it.
    cleanup();
    openDetail(space.id, old.id, token);
    const forward = await screen.findByRole("list", { name: "Run again as" });
    expect(within(forward).getByRole("link", { name: again!.id })).toHaveAttribute(
      "href",
      `/space/${space.id}/jobs/${again!.id}`,
    );
  });

  it("is offered only for a finished job whose mounted action has a form", async () => {
    const { space, run, token } = await seed();
    const running = await run("export", { format: "csv" });
    const view = openDetail(space.id, running.id, token);
    await screen.findByText("Details");
    expect(screen.queryByRole("button", { name: "Run again with changes" })).not.toBeInTheDocument();
    view.unmount();

    const published = await run("publish");
    await server.admin.jobs.cancel(published.id);
    openDetail(space.id, published.id, token);
    await screen.findByText("Details");
    await screen.findByRole("button", { name: /Retry/ });
    expect(screen.queryByRole("button", { name: "Run again with changes" })).not.toBeInTheDocument();
  });

  it("shows the server's refusal in the form and keeps what was entered", async () => {
    const { space, run, token } = await seed();
    const old = await run("export", { format: "csv", rows: 3 });
    await server.admin.jobs.cancel(old.id);
    openDetail(space.id, old.id, token);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Run again with changes" }));
    const dialog = await screen.findByRole("dialog", { name: "Run “Export” again" });
    // The job is deleted meanwhile: the server refuses to link to it.
    await server.admin.jobs.delete(old.id);
    await user.click(within(dialog).getByRole("button", { name: "Export" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(/not found/);
    expect(within(dialog).getByRole("textbox", { name: "Rows" })).toHaveValue("3");
  });
});
