// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { SpaceOverview } from "./space-overview";

const server = useMockServer();
afterEach(cleanup);

describe("SpaceOverview", () => {
  it("lists the workbook's sheets with their record counts, read from the API", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Reports" });
    const workbook = await admin.workbooks.create({
      name: "October",
      spaceId: space.id,
      sheets: [
        { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
      ],
    });
    await admin.records.insert(workbook.sheets[0]!.id, [
      { name: { value: "Ada" } },
      { name: { value: "Alan" } },
    ]);
    const token = await server.token({ role: "user", spaceId: space.id });

    renderWithApi(<SpaceOverview />, { token, path: "/space/:spaceId", url: `/space/${space.id}` });

    expect(await screen.findByRole("heading", { level: 1, name: "October" })).toBeInTheDocument();
    const row = screen.getByRole("row", { name: /Contacts/ });
    expect(row).toHaveTextContent("2");
  });
});
