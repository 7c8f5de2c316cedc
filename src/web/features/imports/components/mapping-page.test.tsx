// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { MappingPage } from "./mapping-page";

const server = useMockServer();
afterEach(cleanup);

const PATH = "/space/:spaceId/imports/:jobId";

/** A space with a file's extracted sheet (string columns, as extraction makes them) and a Contacts sheet. */
async function seedImport() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Imports" });
  const extracted = await admin.workbooks.create({
    name: "contacts.csv",
    spaceId: space.id,
    labels: ["file"],
    sheets: [
      {
        name: "contacts",
        slug: "contacts",
        fields: [
          { key: "firstName", label: "firstName", type: "string" },
          { key: "email", label: "email", type: "string" },
          { key: "status", label: "status", type: "string" },
        ],
      },
    ],
  });
  const contacts = await admin.workbooks.create({
    name: "CRM",
    spaceId: space.id,
    sheets: [
      {
        name: "Contacts",
        slug: "contacts",
        fields: [
          { key: "firstName", label: "First name", type: "string", constraints: [{ type: "required" }] },
          { key: "email", label: "Email", type: "string" },
          {
            key: "status",
            label: "Status",
            type: "enum",
            config: {
              options: [
                { value: "new", label: "New" },
                { value: "customer", label: "Customer" },
              ],
            },
          },
        ],
      },
    ],
  });
  const source = extracted.sheets[0]!;
  const destination = contacts.sheets[0]!;
  await admin.records.insert(source.id, [
    { firstName: { value: "Ada" }, email: { value: "ada@example.com" }, status: { value: "new" } },
    { firstName: { value: "Alan" }, email: { value: "alan@example.com" }, status: { value: "Customer" } },
  ]);
  const token = await server.token({ role: "user", spaceId: space.id });
  const job = await admin.jobs.create({
    type: "workbook",
    operation: "map",
    source: extracted.id,
    destination: contacts.id,
    config: { sourceSheetId: source.id, destinationSheetId: destination.id },
  });
  return { space, job, token };
}

/** The bodies of the plan PATCHes the page sends. */
function recordPatches() {
  const bodies: unknown[] = [];
  server.msw.events.on("request:start", ({ request }) => {
    if (request.method === "PATCH" && request.url.endsWith("/plan")) {
      void request
        .clone()
        .json()
        .then((body) => bodies.push(body));
    }
  });
  return bodies;
}

const selectFor = (column: string) => screen.getByRole("combobox", { name: `${column} is imported into` });

describe("MappingPage", () => {
  it("shows each column with its values, its proposed field and how sure the match is", async () => {
    const { space, job, token } = await seedImport();
    const { plan } = await server.admin.jobs.getPlan(job.id);
    renderWithApi(<MappingPage />, { token, path: PATH, url: `/space/${space.id}/imports/${job.id}` });

    await screen.findByRole("table", { name: /Columns of the file/ });
    for (const edge of plan.fieldMapping) {
      const select = selectFor(edge.sourceField.key);
      expect(select).toHaveValue(edge.destinationField.key);
      const row = select.closest("tr")!;
      const certainty = edge.metadata?.certainty;
      expect(certainty).toBeDefined();
      expect(row).toHaveTextContent(
        { absolute: "Exact match", strong: "Strong match", moderate: "Possible match", weak: "Weak match" }[
          certainty!
        ],
      );
    }
    expect(plan.fieldMapping.map((edge) => edge.sourceField.key)).toContain("firstName");
    // The first values of a column.
    expect(selectFor("email").closest("tr")).toHaveTextContent("ada@example.com");
    // The enum field's value mapping: "Customer" becomes the option of that label.
    expect(screen.getByRole("combobox", { name: /Customer becomes/ })).toHaveDisplayValue("Customer");
    expect(screen.getByRole("button", { name: "Import 2 rows" })).toBeEnabled();
  });

  it("saves a changed mapping into the plan", async () => {
    const { space, job, token } = await seedImport();
    const patches = recordPatches();
    const user = userEvent.setup();
    renderWithApi(<MappingPage />, { token, path: PATH, url: `/space/${space.id}/imports/${job.id}` });

    await user.selectOptions(await screen.findByRole("combobox", { name: "email is imported into" }), "");
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Mapping saved"));
    expect(patches).toHaveLength(1);
    const { plan } = await server.admin.jobs.getPlan(job.id);
    expect(plan.fieldMapping.map((edge) => edge.sourceField.key)).not.toContain("email");
    expect(plan.unmappedSourceFields.map((entry) => entry.sourceField.key)).toContain("email");
    expect(plan.unmappedDestinationFields.map((entry) => entry.destinationField.key)).toContain("email");
    expect(within(selectFor("email").closest("tr")!).getByText("Not imported")).toBeInTheDocument();
  });

  it("shows what is wrong with a mapping and does not send it", async () => {
    const { space, job, token } = await seedImport();
    const patches = recordPatches();
    const user = userEvent.setup();
    renderWithApi(<MappingPage />, { token, path: PATH, url: `/space/${space.id}/imports/${job.id}` });

    // Email into First name, which firstName already fills.
    await user.selectOptions(
      await screen.findByRole("combobox", { name: "email is imported into" }),
      "firstName",
    );
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent('"firstName" is mapped twice');
    expect(selectFor("email")).toHaveAttribute("aria-invalid", "true");
    expect(selectFor("email")).toHaveAccessibleDescription(/mapped twice/);
    expect(screen.getByRole("button", { name: "Import 2 rows" })).toBeDisabled();
    expect(patches).toHaveLength(0);
    const { plan } = await server.admin.jobs.getPlan(job.id);
    expect(plan.fieldMapping.find((edge) => edge.sourceField.key === "email")?.destinationField.key).toBe(
      "email",
    );
  });
});
