// @vitest-environment jsdom
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { DeleteJobButton } from "./delete-job-button";

const server = useMockServer();
afterEach(cleanup);

async function seed() {
  const space = await server.admin.spaces.create({ name: "Ops" });
  const job = await server.admin.jobs.create({
    type: "workbook",
    operation: "export",
    source: space.id,
    spaceId: space.id,
    trigger: "immediate",
  });
  return { space, job };
}

describe("DeleteJobButton", () => {
  it("asks an operator first, naming the job, and deletes it only on Delete job", async () => {
    const { job } = await seed();
    const user = userEvent.setup();
    const onDeleted = vi.fn();
    renderWithApi(<DeleteJobButton job={job} label="Export" onDeleted={onDeleted} />, {
      token: await server.token({ role: "operator" }),
    });

    await user.click(screen.getByRole("button", { name: "Delete Export" }));
    const ask = await screen.findByRole("dialog", { name: "Delete “Export”?" });
    expect(ask).toHaveTextContent(job.id);
    // Cancel takes the focus: Enter alone never deletes.
    expect(within(ask).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect((await server.admin.jobs.get(job.id)).id).toBe(job.id);

    await user.click(screen.getByRole("button", { name: "Delete Export" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Delete job" }));
    await vi.waitFor(() => expect(onDeleted).toHaveBeenCalled());
    await expect(server.admin.jobs.get(job.id)).rejects.toThrow();
  });

  it("shows the API's refusal in the dialog", async () => {
    const { job } = await seed();
    const user = userEvent.setup();
    renderWithApi(<DeleteJobButton job={job} label="Export" onDeleted={vi.fn()} />, {
      token: await server.token({ role: "operator" }),
    });
    // The job starts executing after the page read it: the API refuses to delete it now.
    await server.admin.jobs.ack(job.id, {});
    await user.click(screen.getByRole("button", { name: "Delete Export" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Delete job" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Could not delete the job: .*executing/);
  });

  it("is not offered to a user, nor for an executing job", async () => {
    const { space, job } = await seed();
    const user = renderWithApi(<DeleteJobButton job={job} label="Export" onDeleted={vi.fn()} />, {
      token: await server.token({ role: "user", spaceId: space.id }),
    });
    expect(screen.queryByRole("button")).toBeNull();
    user.unmount();

    const executing = await server.admin.jobs.ack(job.id, {});
    renderWithApi(<DeleteJobButton job={executing} label="Export" onDeleted={vi.fn()} />, {
      token: await server.token({ role: "operator" }),
    });
    expect(screen.queryByRole("button")).toBeNull();
  });
});
