// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { SpaceNavMenu } from "./space-nav-menu";

const server = useMockServer();
afterEach(cleanup);

describe("SpaceNavMenu", () => {
  it("opens the space's navigation in a drawer fetched on first use, and gives focus back to Menu on Escape", async () => {
    const space = await server.admin.spaces.create({ name: "Reports" });
    const token = await server.token({ role: "operator" });
    renderWithApi(<SpaceNavMenu spaceId={space.id} />, {
      token,
      path: "/space/:spaceId/*",
      url: `/space/${space.id}`,
    });
    const menu = screen.getByRole("button", { name: "Menu" });
    expect(menu).toHaveAttribute("aria-expanded", "false");

    await userEvent.click(menu);
    const drawer = await screen.findByRole("dialog", { name: "Space" });
    expect(menu).toHaveAttribute("aria-expanded", "true");
    expect(await within(drawer).findByRole("link", { name: "Jobs" })).toBeInTheDocument();

    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(menu).toHaveFocus();
  });
});
