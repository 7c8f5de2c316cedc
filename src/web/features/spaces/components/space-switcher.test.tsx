// @vitest-environment jsdom
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "../../../lib/router";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { SpaceSwitcher } from "./space-switcher";

const server = useMockServer();
afterEach(cleanup);

function Where() {
  return <output aria-label="Location">{useLocation().pathname}</output>;
}

describe("SpaceSwitcher", () => {
  it("lists the spaces an operator can open and goes to the one chosen, or to all of them", async () => {
    const reports = await server.admin.spaces.create({ name: "Reports" });
    const imports = await server.admin.spaces.create({ name: "Imports" });
    const token = await server.token({ role: "operator" });
    renderWithApi(
      <>
        <SpaceSwitcher spaceId={reports.id} />
        <Where />
      </>,
      { token, path: "*", url: `/space/${reports.id}` },
    );
    const select = screen.getByRole("combobox", { name: "Space" });
    await waitFor(() => expect(select).toBeEnabled());
    expect(select).toHaveValue(reports.id);
    expect(screen.getByRole("option", { name: "Imports" })).toBeInTheDocument();

    await userEvent.selectOptions(select, "Imports");
    expect(screen.getByRole("status", { name: "Location" })).toHaveTextContent(`/space/${imports.id}`);
    await userEvent.selectOptions(select, "All spaces");
    expect(screen.getByRole("status", { name: "Location" })).toHaveTextContent(/^\/$/);
  });
});
