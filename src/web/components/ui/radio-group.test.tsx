// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { RadioGroup, RadioGroupItem } from "./radio-group";

afterEach(cleanup);

function Choice(props: { loop?: boolean; dir?: "ltr" | "rtl"; orientation?: "horizontal" | "vertical" }) {
  const [value, setValue] = useState("crm");
  return (
    <RadioGroup aria-label="Destination" value={value} onValueChange={setValue} {...props}>
      <RadioGroupItem value="crm" aria-label="CRM" />
      <RadioGroupItem value="lake" aria-label="Data lake" disabled />
      <RadioGroupItem value="warehouse" aria-label="Data warehouse" />
    </RadioGroup>
  );
}

const radio = (name: string) => screen.getByRole("radio", { name });
const checkedName = () => screen.getByRole("radio", { checked: true }).getAttribute("aria-label");

describe("RadioGroup", () => {
  it("chooses the item an arrow moves to, also when the key is up before the focus lands (a quick tap)", async () => {
    render(<Choice />);
    const crm = screen.getByRole("radio", { name: "CRM" });
    act(() => crm.focus());
    // Down and up at once, before Radix's timer moves the focus.
    fireEvent.keyDown(crm, { key: "ArrowDown" });
    fireEvent.keyUp(crm, { key: "ArrowDown" });
    // Chosen by the keydown itself, before any timer runs, past the disabled item.
    expect(radio("Data warehouse")).toBeChecked();
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    const warehouse = screen.getByRole("radio", { name: "Data warehouse" });
    expect(warehouse).toHaveFocus();
    expect(warehouse).toBeChecked();
  });

  it("does not choose an item that takes the focus without an arrow", () => {
    render(<Choice />);
    act(() => screen.getByRole("radio", { name: "Data warehouse" }).focus());
    expect(screen.getByRole("radio", { name: "CRM" })).toBeChecked();
    expect(screen.getByRole("radio", { name: "Data warehouse" })).not.toBeChecked();
  });

  it("moves like Radix's roving focus: wraps, skips disabled items, swaps sideways arrows right to left", async () => {
    render(<Choice dir="rtl" />);
    // A key on the focused item, then Radix's timer that moves the focus.
    const press = async (key: string, options = {}) => {
      fireEvent.keyDown(document.activeElement as HTMLElement, { key, ...options });
      await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
    };
    act(() => radio("CRM").focus());
    await press("ArrowUp");
    expect(checkedName()).toBe("Data warehouse");
    expect(radio("Data warehouse")).toHaveFocus();
    await press("ArrowLeft"); // right to left: Left is next
    expect(checkedName()).toBe("CRM");
    await press("ArrowDown", { shiftKey: true });
    await press("Enter");
    expect(checkedName()).toBe("CRM");
  });

  it("stops at the ends when loop is off, and ignores arrows across its orientation", () => {
    render(<Choice loop={false} orientation="vertical" />);
    act(() => radio("CRM").focus());
    fireEvent.keyDown(radio("CRM"), { key: "ArrowUp" });
    fireEvent.keyDown(radio("CRM"), { key: "ArrowRight" });
    expect(checkedName()).toBe("CRM");
  });
});
