// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { ActionsHarness } from "./action-test-helpers";

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

const submitAction = {
  operation: "submit",
  label: "Submit",
  description: "Send the contacts to another system.",
  mode: "background" as const,
  inputForm: {
    type: "simple" as const,
    fields: [
      {
        key: "destination",
        label: "Destination",
        type: "enum" as const,
        defaultValue: "crm",
        config: {
          options: [
            { value: "crm", label: "CRM", description: "Create or update a lead per contact" },
            {
              value: "warehouse",
              label: "Data warehouse",
              description: "Append the rows to the contacts table",
            },
          ],
        },
        constraints: [{ type: "required" as const }],
      },
      {
        key: "recipient",
        label: "Send the summary to",
        description: "An email address",
        type: "string" as const,
        constraints: [{ type: "required" as const }, { type: "email" as const }],
      },
      {
        key: "batchSize",
        label: "Batch size",
        type: "number" as const,
        defaultValue: 25,
        constraints: [{ type: "min" as const, value: 1 }],
      },
      {
        key: "includeInvalid",
        label: "Include contacts with errors",
        type: "boolean" as const,
        defaultValue: false,
      },
      { key: "note", label: "Note", type: "textarea" as const },
    ],
  },
};

async function seed() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Reports" });
  const workbook = await admin.workbooks.create({
    name: "October",
    spaceId: space.id,
    actions: [submitAction],
    sheets: [
      { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
    ],
  });
  const token = await server.token({ role: "user", spaceId: space.id });
  renderWithApi(<ActionsHarness />, { token, path: "/space/:spaceId", url: `/space/${space.id}` });
  return { space, workbook };
}

const workbookJobs = async (spaceId: string) =>
  (await server.admin.jobs.list({ spaceId, type: "workbook" })).data;

describe("the input form of an action", () => {
  it("shows the fields with their defaults, checks them before sending, then creates the job with the input", async () => {
    const user = userEvent.setup();
    const { space, workbook } = await seed();

    const trigger = await screen.findByRole("button", { name: "Submit" });
    await user.click(trigger);
    const dialog = await screen.findByRole("dialog", { name: "Submit" });
    expect(dialog).toHaveAccessibleDescription("Send the contacts to another system.");

    // Defaults, option labels and their descriptions.
    const destination = within(dialog).getByRole("radiogroup", { name: /Destination/ });
    expect(within(destination).getByRole("radio", { name: "CRM" })).toBeChecked();
    expect(within(destination).getByRole("radio", { name: "CRM" })).toHaveAccessibleDescription(
      "Create or update a lead per contact",
    );
    expect(within(destination).getByText("Append the rows to the contacts table")).toBeInTheDocument();
    const batchSize = within(dialog).getByRole("textbox", { name: "Batch size" });
    expect(batchSize).toHaveValue("25");
    expect(within(dialog).getByRole("checkbox", { name: "Include contacts with errors" })).not.toBeChecked();
    const recipient = within(dialog).getByRole("textbox", { name: /Send the summary to/ });
    expect(recipient).toHaveAccessibleDescription("An email address");

    // A missing required value and a number that is not one: both said at their field, nothing sent.
    await user.clear(batchSize);
    await user.type(batchSize, "lots");
    await user.click(within(dialog).getByRole("button", { name: "Submit" }));
    expect(recipient).toHaveAttribute("aria-invalid", "true");
    expect(recipient).toHaveAccessibleDescription(/Enter an email address for Send the summary to$/);
    expect(recipient).toHaveFocus();
    expect(batchSize).toHaveAttribute("aria-invalid", "true");
    expect(batchSize).toHaveAccessibleDescription("Batch size must be a number");
    expect(await workbookJobs(space.id)).toEqual([]);

    // Something that is not an email address, and a number below the field's minimum: refused, never replaced.
    await user.type(recipient, "not-an-email");
    await user.clear(batchSize);
    await user.type(batchSize, "-5");
    await user.click(within(dialog).getByRole("button", { name: "Submit" }));
    expect(recipient).toHaveAccessibleDescription(/must be an email address/);
    expect(recipient).toHaveFocus();
    expect(batchSize).toHaveValue("-5");
    expect(batchSize).toHaveAccessibleDescription("Batch size must be at least 1");
    expect(await workbookJobs(space.id)).toEqual([]);

    // Fixing a field clears its error at once.
    await user.clear(recipient);
    await user.type(recipient, "ada@example.com");
    expect(recipient).not.toHaveAttribute("aria-invalid");
    expect(screen.getByRole("dialog", { name: "Submit" })).toBeInTheDocument();

    await user.clear(batchSize);
    await user.type(batchSize, "10");
    await user.click(within(destination).getByRole("radio", { name: "Data warehouse" }));
    await user.click(within(dialog).getByRole("checkbox", { name: "Include contacts with errors" }));
    await user.type(within(dialog).getByRole("textbox", { name: "Note" }), "Monthly run");
    await user.click(within(dialog).getByRole("button", { name: "Submit" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const jobs = await workbookJobs(space.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      type: "workbook",
      operation: "submit",
      source: workbook.id,
      mode: "background",
      input: {
        destination: "warehouse",
        recipient: "ada@example.com",
        batchSize: 10,
        includeInvalid: true,
        note: "Monthly run",
      },
    });
    await waitFor(() => expect(trigger).toHaveFocus());
  });

  it("keeps what was entered when the server refuses the job, and says why", async () => {
    const user = userEvent.setup();
    const { space, workbook } = await seed();
    await user.click(await screen.findByRole("button", { name: "Submit" }));
    const dialog = await screen.findByRole("dialog", { name: "Submit" });
    await user.type(within(dialog).getByRole("textbox", { name: /Send the summary to/ }), "ada@example.com");
    // The action is taken off the workbook after the dialog opened: the server no longer accepts its job.
    await server.admin.workbooks.update(workbook.id, { actions: [] });
    await user.click(within(dialog).getByRole("button", { name: "Submit" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(/may only run actions mounted/);
    expect(within(dialog).getByRole("textbox", { name: /Send the summary to/ })).toHaveValue(
      "ada@example.com",
    );
    expect(await workbookJobs(space.id)).toEqual([]);
  });
});
