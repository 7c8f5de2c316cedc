// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRef, useState } from "react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Tooltip, TooltipContent, TooltipTrigger } from "./tooltip";

afterEach(cleanup);
beforeAll(() => {
  // Radix measures its content; jsdom has no ResizeObserver.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

/** A button with a tooltip that opens a dialog, which hands focus back to the button when it closes. */
function Harness() {
  const [dialog, setDialog] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button type="button">Before</button>
      <Tooltip>
        <TooltipTrigger asChild>
          <button ref={trigger} type="button" onClick={() => setDialog(true)}>
            Publish
          </button>
        </TooltipTrigger>
        <TooltipContent>Publishes the report</TooltipContent>
      </Tooltip>
      {dialog ? (
        <div role="dialog" aria-label="Publish">
          <button
            type="button"
            // A dialog takes focus as it opens.
            autoFocus
            onClick={() => {
              setDialog(false);
              trigger.current?.focus();
            }}
          >
            Close
          </button>
        </div>
      ) : null}
    </>
  );
}

const tooltip = () => screen.queryByRole("tooltip");

describe("Tooltip", () => {
  it("shows on keyboard focus, closes when pressed, and stays closed when focus comes back from the dialog", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.tab();
    await user.tab();
    expect(screen.getByRole("button", { name: "Publish" })).toHaveFocus();
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Publishes the report");

    await user.keyboard("{Enter}");
    const close = await screen.findByRole("button", { name: "Close" });
    await waitFor(() => expect(tooltip()).not.toBeInTheDocument());
    expect(close).toHaveFocus();

    await user.click(close);
    expect(screen.getByRole("button", { name: "Publish" })).toHaveFocus();
    // Radix opens a tooltip on focus at once, so a reopened one would be here already.
    expect(tooltip()).not.toBeInTheDocument();

    // Away and back by keyboard: it explains again.
    await user.tab({ shift: true });
    await user.tab();
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Publishes the report");
  });

  it("closes on a click and does not come back with the focus the dialog returns", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const publish = screen.getByRole("button", { name: "Publish" });
    act(() => publish.focus());
    expect(await screen.findByRole("tooltip")).toBeInTheDocument();

    await user.click(publish);
    await user.click(await screen.findByRole("button", { name: "Close" }));
    expect(publish).toHaveFocus();
    expect(tooltip()).not.toBeInTheDocument();
  });
});
