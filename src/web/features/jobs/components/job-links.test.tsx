// @vitest-environment jsdom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { JobLinks } from "./job-links";

const server = useMockServer();
afterEach(cleanup);

async function seed() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Ops" });
  const make = (extra: { parentId?: string; part?: number; predecessorIds?: string[] } = {}) =>
    admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: space.id,
      spaceId: space.id,
      ...extra,
    });
  const parent = await make();
  const first = await make({ parentId: parent.id, part: 1 });
  const second = await make({ parentId: parent.id, part: 2 });
  const after = await make({ predecessorIds: [parent.id] });
  return { space, parent, first, second, after, token: await server.token({ role: "operator" }) };
}

describe("JobLinks", () => {
  it("links a split job to its parts, in order, and each part back to its parent", async () => {
    const { space, parent, first, second, token } = await seed();
    const view = renderWithApi(<JobLinks job={parent} spaceId={space.id} />, { token });
    const parts = await screen.findByRole("list", { name: "Parts" });
    const links = within(parts).getAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual([
      `/space/${space.id}/jobs/${first.id}`,
      `/space/${space.id}/jobs/${second.id}`,
    ]);
    expect(links[0]).toHaveTextContent("Part 1");
    view.unmount();

    renderWithApi(<JobLinks job={second} spaceId={space.id} />, { token });
    const up = await screen.findByRole("link", { name: parent.id });
    expect(up).toHaveAttribute("href", `/space/${space.id}/jobs/${parent.id}`);
    expect(screen.getByText("Part 2 of")).toBeInTheDocument();
  });

  it("links a job to the jobs it waited for and back, and shows nothing for a job tied to none", async () => {
    const { space, parent, after, token } = await seed();
    let view = renderWithApi(<JobLinks job={after} spaceId={space.id} />, { token });
    const list = await screen.findByRole("list", { name: "Predecessors" });
    expect(within(list).getByRole("link", { name: parent.id })).toHaveAttribute(
      "href",
      `/space/${space.id}/jobs/${parent.id}`,
    );
    view.unmount();

    view = renderWithApi(<JobLinks job={parent} spaceId={space.id} />, { token });
    const waiting = await screen.findByRole("list", { name: "Waited on by" });
    expect(within(waiting).getByRole("link", { name: after.id })).toHaveAttribute(
      "href",
      `/space/${space.id}/jobs/${after.id}`,
    );
    expect(waiting).toHaveTextContent(`${after.id} (Created)`);
    view.unmount();

    const lone = await server.admin.jobs.create({ type: "workbook", operation: "lone", source: space.id });
    const { container } = renderWithApi(<JobLinks job={lone} spaceId={space.id} />, { token });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(container).toBeEmptyDOMElement();
  });
});
